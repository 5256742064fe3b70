package io.uwsgid.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What uWSGI's host-dependent magic variables expand to ({@code %h %b %V %k %u %U %g %G %t %T}),
 * and whether the run counts as a reload for {@code if-reload}.
 *
 * @param hostname   {@code %h}
 * @param binaryPath {@code %b}: the resolved uWSGI executable
 * @param version    {@code %V}
 * @param cpus       {@code %k}: online CPUs
 * @param uid        {@code %u}
 * @param user       {@code %U}
 * @param gid        {@code %g}
 * @param group      {@code %G}
 * @param reload     true when uWSGI would see {@code UWSGI_RELOADS} in its environment
 * @param clock      source of {@code %t} (seconds) and {@code %T} (microseconds)
 */
public record HostFacts(String hostname, String binaryPath, String version, int cpus, int uid, String user,
                        int gid, String group, boolean reload, Clock clock) {

    static final String UWSGI_VERSION = "2.0.21-debian";

    /** @return the facts of this machine and process, as uWSGI started by this process would see them */
    public static HostFacts detect() {
        int uid = idFromStatus("Uid:");
        int gid = idFromStatus("Gid:");
        return new HostFacts(detectHostname(), detectBinaryPath(), UWSGI_VERSION, detectCpus(), uid,
                nameFor(Path.of("/etc/passwd"), uid), gid, nameFor(Path.of("/etc/group"), gid),
                System.getenv("UWSGI_RELOADS") != null, Clock.systemUTC());
    }

    /**
     * @param newReload whether to behave as a reload
     * @return a copy with the reload flag replaced
     */
    public HostFacts withReload(boolean newReload) {
        return new HostFacts(hostname, binaryPath, version, cpus, uid, user, gid, group, newReload, clock);
    }

    /**
     * @param newClock clock for {@code %t}/{@code %T}
     * @return a copy with the clock replaced
     */
    public HostFacts withClock(Clock newClock) {
        return new HostFacts(hostname, binaryPath, version, cpus, uid, user, gid, group, reload, newClock);
    }

    private static String detectHostname() {
        String fromKernel = firstLine(Path.of("/proc/sys/kernel/hostname"));
        if (fromKernel != null) {
            return fromKernel;
        }
        String env = System.getenv("HOSTNAME");
        return env == null ? "localhost" : env;
    }

    private static String detectBinaryPath() {
        Path link = Path.of("/usr/bin/uwsgi");
        try {
            return link.toRealPath().toString();
        } catch (IOException | SecurityException e) {
            return link.toString();
        }
    }

    // Java's availableProcessors() honours cgroup quotas; uWSGI asks sysconf for online CPUs.
    private static int detectCpus() {
        String online = firstLine(Path.of("/sys/devices/system/cpu/online"));
        if (online != null) {
            try {
                int count = 0;
                for (String range : online.split(",")) {
                    String[] ends = range.trim().split("-");
                    int lo = Integer.parseInt(ends[0]);
                    int hi = ends.length > 1 ? Integer.parseInt(ends[1]) : lo;
                    count += hi - lo + 1;
                }
                return count;
            } catch (RuntimeException e) {
                // fall through to the JVM's view
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static int idFromStatus(String field) {
        for (String line : lines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                try {
                    return Integer.parseInt(line.substring(field.length()).trim().split("\\s+")[0]);
                } catch (RuntimeException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    // uWSGI falls back to the number when the id has no name.
    private static String nameFor(Path database, int id) {
        for (String line : lines(database)) {
            String[] fields = line.split(":");
            if (fields.length > 2 && fields[2].equals(Integer.toString(id))) {
                return fields[0];
            }
        }
        return Integer.toString(id);
    }

    private static String firstLine(Path file) {
        List<String> lines = lines(file);
        return lines.isEmpty() ? null : lines.get(0).trim();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }
}
