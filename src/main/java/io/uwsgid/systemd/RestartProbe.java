package io.uwsgid.systemd;

import io.uwsgid.os.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether the TERM uwsgid got is systemd's stop of a restart (systemctl restart, a package upgrade)
 * rather than a stop: then a restart job for uwsgid's unit is running, as {@code systemctl
 * list-jobs} shows. A stop and a restart send the same signal and run the same ExecStop.
 */
public final class RestartProbe {
    private RestartProbe() {}

    /** The unit this process runs in, from its cgroup (either hierarchy), e.g. uwsgid.service. */
    static Optional<String> unit(String procSelfCgroup) {
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length == 3 && (f[1].equals("name=systemd") || f[0].equals("0") && f[1].isEmpty())) {
                String last = f[2].substring(f[2].lastIndexOf('/') + 1);
                if (last.endsWith(".service")) {
                    return Optional.of(last);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether {@code listJobs} (systemctl list-jobs --no-legend --plain --full) shows a restart of {@code unit}. */
    static boolean restarting(String listJobs, String unit) {
        for (String line : listJobs.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[1].equals(unit) && f[2].equals("restart")) {
                return true;
            }
        }
        return false;
    }

    /** Asks systemd (at most 2 s); false when it cannot tell. */
    public static boolean restartQueued() {
        try {
            Optional<String> unit = unit(Files.readString(Path.of("/proc/self/cgroup")));
            if (unit.isEmpty()) {
                return false;
            }
            Optional<String> jobs = Programs.output(List.of(systemctl(), "list-jobs", "--no-legend", "--plain", "--full"), 2000);
            return jobs.isPresent() && restarting(jobs.get(), unit.get());
        } catch (IOException e) {
            return false;
        }
    }

    private static String systemctl() {
        return Files.isExecutable(Path.of("/usr/bin/systemctl")) ? "/usr/bin/systemctl" : "/bin/systemctl";
    }
}
