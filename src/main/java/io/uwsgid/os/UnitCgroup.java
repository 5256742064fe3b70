package io.uwsgid.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup systemd made for uwsgid's unit. The unit uses KillMode=process, so that a restart
 * can hand the running sites over; on a stop, uwsgid itself then does what KillMode=mixed did:
 * once every site has stopped, whatever is still in the unit's cgroup (a process a site's code
 * double-forked away) gets SIGKILL.
 */
public final class UnitCgroup {
    private static final Logger LOG = LoggerFactory.getLogger(UnitCgroup.class);

    private UnitCgroup() {}

    /** The unit's cgroup directory, when this process runs in a systemd service's cgroup. */
    static Optional<Path> of(String procSelfCgroup) {
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3 || !f[2].endsWith(".service")) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                for (Path root : List.of(Path.of("/sys/fs/cgroup/unified"), Path.of("/sys/fs/cgroup"))) {
                    if (Files.exists(root.resolve("cgroup.controllers"))) {
                        return Optional.of(root.resolve(f[2].substring(1)));
                    }
                }
            } else if (f[1].equals("name=systemd")) {
                return Optional.of(Path.of("/sys/fs/cgroup/systemd").resolve(f[2].substring(1)));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether this process is the main process systemd started for a unit (SYSTEMD_EXEC_PID, set
     * by systemd 248 and later, names it). A uwsgid started by anything else in a service's cgroup
     * (a package's postinst, a test) must not treat that cgroup as its own.
     */
    public static boolean mainProcessOfAUnit() {
        return String.valueOf(ProcessHandle.current().pid()).equals(System.getenv("SYSTEMD_EXEC_PID"));
    }

    /**
     * When this process is a unit's main process: SIGKILLs every process of the unit's cgroup and
     * its children but this one; returns their pids.
     */
    public static List<Integer> killLeftovers() {
        List<Integer> killed = new ArrayList<>();
        if (!mainProcessOfAUnit()) {
            return killed;
        }
        try {
            Optional<Path> unit = of(Proc.read(Path.of("/proc/self/cgroup")));
            if (unit.isEmpty() || !Files.isDirectory(unit.get())) {
                return killed;
            }
            long self = ProcessHandle.current().pid();
            try (Stream<Path> dirs = Files.walk(unit.get())) {
                for (Path procs : dirs.map(d -> d.resolve("cgroup.procs")).filter(Files::isReadable).toList()) {
                    for (String pid : Proc.read(procs).split("\n")) {
                        if (!pid.isBlank() && Long.parseLong(pid.trim()) != self) {
                            Native.LIBC.kill(Integer.parseInt(pid.trim()), Signals.KILL);
                            killed.add(Integer.parseInt(pid.trim()));
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read the unit's cgroup for processes left behind: {}", e.toString());
        }
        if (!killed.isEmpty()) {
            LOG.warn("killed processes the sites left behind in the unit's cgroup: {}", killed);
        }
        return killed;
    }
}
