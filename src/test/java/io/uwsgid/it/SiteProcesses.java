package io.uwsgid.it;

import io.uwsgid.os.Proc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What /proc says about a site's processes. */
final class SiteProcesses {
    private SiteProcesses() {}

    static int masterPid(Path pidFile) throws IOException {
        return Integer.parseInt(Files.readString(pidFile).trim());
    }

    /** The uWSGI master named by the pid file and its workers (its process group). */
    static List<Integer> of(Path pidFile) throws IOException {
        return Proc.processGroup(masterPid(pidFile));
    }

    /** fd number -> link target ("socket:[123]", "pipe:[45]", a path) of a process. */
    static Map<Integer, String> fds(long pid) throws IOException {
        Map<Integer, String> out = new HashMap<>();
        try (var entries = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) entries::iterator) {
                try {
                    out.put(Integer.parseInt(fd.getFileName().toString()), Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return out;
    }

    static boolean alive(int pid) {
        return Files.exists(Path.of("/proc/" + pid)) && !stateOf(pid).equals("Z");
    }

    private static String stateOf(int pid) {
        try {
            String stat = Proc.read(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "Z";
        }
    }
}
