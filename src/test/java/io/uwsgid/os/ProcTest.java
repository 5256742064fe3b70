package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Finding a process group's members, on real processes. */
class ProcTest {
    @Test
    void theWalkFromTheLeaderFindsWhatTheWholeScanFinds() throws Exception {
        // a session (and group) leader with two children and a grandchild, as a uWSGI master with workers
        Process p = new ProcessBuilder("setsid", "sh", "-c", "sleep 30 & (sleep 30 & wait) & wait").start();
        try {
            int leader = (int) p.pid();
            List<Integer> scan = List.of();
            for (int i = 0; i < 100 && scan.size() < 4; i++) {
                Thread.sleep(20);
                scan = Proc.processGroup(leader);
            }
            assertEquals(4, scan.size(), "sh, sleep, the subshell, its sleep: " + scan);
            assertTrue(Files.exists(Path.of("/proc/self/task/" + ProcessHandle.current().pid() + "/children")),
                    "this kernel has /proc/PID/task/TID/children: the walk, not the whole scan, is tested");
            List<Integer> walk = Proc.groupFromLeader(leader);
            assertEquals(scan.stream().sorted().toList(), walk.stream().sorted().toList());
        } finally {
            ProcessHandle.of(p.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
