package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One pass over /proc, checked against this test's own JVM. */
class ProcessGroupsTest {
    private static int ownProcessGroup() throws Exception {
        String stat = Proc.read(Path.of("/proc/self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }

    @Test
    void theGroupOfThisJvmHasItsMemoryCpuAndStartTime() throws Exception {
        int pgid = ownProcessGroup();
        ProcessGroups.Usage u = ProcessGroups.scan(Set.of(pgid)).get(pgid);
        assertTrue(u.processes() >= 1, u.toString());
        assertTrue(u.residentBytes() > 10L << 20, "a JVM holds more than 10 MiB: " + u);
        assertTrue(u.cpuSeconds() > 0, u.toString());
        if (pgid == ProcessHandle.current().pid()) {
            long started = ProcessHandle.current().info().startInstant().orElseThrow().getEpochSecond();
            assertTrue(Math.abs(u.leaderStartSeconds() - started) < 2, u + " vs " + started);
        }
    }

    @Test
    void groupsNobodyIsInAreAbsentAndNothingAskedScansNothing() {
        assertEquals(Map.of(), ProcessGroups.scan(Set.of(Integer.MAX_VALUE)));
        assertEquals(Map.of(), ProcessGroups.scan(Set.of()));
    }
}
