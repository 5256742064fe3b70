package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.uwsgid.config.CgroupLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The v2 mechanics on this host's real cgroup2 hierarchy (mounted at /sys/fs/cgroup/unified, with
 * no controller: limits cannot be tried here, joining and cgroup.kill can): the join chain puts a
 * process and everything it forks, a setsid grandchild included, into the generation's cgroup
 * before the program runs, and cgroup.kill empties it.
 */
class CgroupV2IT {
    private static final Path UNIFIED = Path.of("/sys/fs/cgroup/unified");

    @Test
    void theJoinChainPutsEveryDescendantInTheCgroupAndCgroupKillEmptiesIt() throws Exception {
        assumeTrue(Files.exists(UNIFIED.resolve("cgroup.procs")) && Files.readString(Path.of("/proc/self/cgroup")).contains("0::/\n"),
                "a cgroup2 hierarchy at " + UNIFIED + " with this process in its root");
        String base = "uwsgid-v2it-" + ProcessHandle.current().pid();
        Cgroups host = Cgroups.v2(UNIFIED, Set.of(), pid -> Native.LIBC.kill(pid, Signals.KILL));
        SiteCgroup cg = host.create(base, "shop", 1, CgroupLimits.NONE);
        Path gen = UNIFIED.resolve(base).resolve("shop").resolve("1");
        try {
            List<String> argv = new ArrayList<>(cg.joinChain());
            argv.addAll(List.of("/bin/sh", "-c", "sleep 60 & setsid sleep 60 & exec sleep 60"));
            Process p = new ProcessBuilder(argv).start();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (cg.pids().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<Integer> members = cg.pids();
            assertEquals(3, members.size(), "the program and its two children, one in a session of its own: " + members);
            assertTrue(members.contains((int) p.pid()), "the spawned pid itself joined before it exec'd");
            assertTrue(Files.exists(gen.resolve("cgroup.kill")), "this kernel has cgroup.kill");
            cg.kill();
            long killDeadline = System.nanoTime() + 5_000_000_000L;
            while (!cg.pids().isEmpty() && System.nanoTime() < killDeadline) { // SIGKILL is delivered, not awaited
                Thread.sleep(20);
            }
            assertEquals(List.of(), cg.pids(), "cgroup.kill empties it");
            p.waitFor();
            for (int pid : members) {
                assertFalse(Files.exists(Path.of("/proc/" + pid + "/cmdline")) && !zombie(pid), "pid " + pid + " survived");
            }
            deadline = System.nanoTime() + 5_000_000_000L;
            while (!cg.remove() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(Files.exists(gen), gen + " removed");
            assertFalse(Files.exists(UNIFIED.resolve(base)), "and uwsgid's directory with its last site");
        } finally {
            cg.kill();
            cg.remove();
        }
    }

    private static boolean zombie(int pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/stat")).replaceAll("^.*\\) ", "").startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
