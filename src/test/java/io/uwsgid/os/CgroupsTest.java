package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.CgroupLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cgroup layout over a temp dir standing in for /sys/fs/cgroup: which files get which values. */
class CgroupsTest {
    @TempDir
    Path fs;
    final List<Integer> killed = new ArrayList<>();

    @Nested
    class Detection {
        /** This machine's: v1 controllers, cgroup2 at /sys/fs/cgroup/unified with none. */
        @Test
        void aHybridHostUsesTheV1HierarchiesOfItsControllers() throws Exception {
            Path unified = Files.createDirectories(fs.resolve("unified"));
            Files.writeString(unified.resolve("cgroup.controllers"), "\n");
            List<CgroupMounts.Mount> mounts = CgroupMounts.mounts(List.of(
                    "30 25 0:26 / " + fs.resolve("memory") + " rw,relatime shared:5 - cgroup cgroup rw,memory",
                    "31 25 0:27 / " + fs.resolve("pids") + " rw,relatime shared:6 - cgroup cgroup rw,pids",
                    "32 25 0:28 / " + fs.resolve("cpu") + " rw,relatime - cgroup cgroup rw,cpu",
                    "33 25 0:29 / " + unified + " rw,relatime - cgroup2 cgroup2 rw",
                    "34 25 0:30 / /proc rw - proc proc rw"));
            Map<String, String> member = CgroupMounts.membership(List.of("8:pids:/", "4:memory:/process_api/abc", "1:cpu:/", "0::/"));
            Cgroups host = CgroupMounts.choose(mounts, member, pid -> { });
            assertEquals(Cgroups.Version.V1, host.version());
            assertEquals(fs.resolve("memory/process_api/abc"), host.own.get("memory"));
            assertEquals(fs.resolve("pids"), host.own.get("pids"));
            assertEquals(Map.of(), host.missing(new CgroupLimits(1 << 30, 10, 100)));
        }

        @Test
        void aUnifiedHostWithControllersUsesV2() throws Exception {
            Path own = Files.createDirectories(fs.resolve("system.slice/uwsgid.service"));
            Files.writeString(own.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
            Cgroups host = CgroupMounts.choose(CgroupMounts.mounts(List.of("25 1 0:22 / " + fs + " rw - cgroup2 cgroup2 rw,nsdelegate")),
                    Map.of("", "/system.slice/uwsgid.service"), pid -> { });
            assertEquals(Cgroups.Version.V2, host.version());
            assertEquals(own, host.own.get(""));
            assertEquals(Set.of("memory", "pids", "cpu"), host.available);
        }

        @Test
        void aHostWithoutControllersNamesWhatEachLimitLacks() {
            Cgroups none = Cgroups.none();
            assertEquals(Map.of("memory-max", "memory", "pids-max", "pids"), none.missing(new CgroupLimits(1 << 30, 10, 0)));
            Cgroups pidsOnly = Cgroups.v1(Map.of("pids", fs), pid -> { });
            assertEquals(Map.of("cpu-weight", "cpu"), pidsOnly.missing(new CgroupLimits(0, 10, 50)));
        }
    }

    @Nested
    class V1 {
        Cgroups host() throws Exception {
            return Cgroups.v1(Map.of("memory", Files.createDirectories(fs.resolve("memory/own")), "pids",
                    Files.createDirectories(fs.resolve("pids")), "cpu", Files.createDirectories(fs.resolve("cpu"))), killed::add);
        }

        @Test
        void aGenerationGetsADirectoryInEachHierarchyWithItsLimits() throws Exception {
            SiteCgroup cg = host().create("uwsgid", "shop", 3, new CgroupLimits(256L << 20, 40, 50));
            assertEquals(Long.toString(256L << 20), Files.readString(fs.resolve("memory/own/uwsgid/shop/3/memory.limit_in_bytes")));
            assertEquals("40", Files.readString(fs.resolve("pids/uwsgid/shop/3/pids.max")));
            assertEquals("512", Files.readString(fs.resolve("cpu/uwsgid/shop/3/cpu.shares")), "weight 50 of 100 is 512 shares of 1024");
            List<String> chain = cg.joinChain();
            assertEquals(List.of("sh", "-c", SiteCgroup.JOIN, "uwsgid-join"), chain.subList(0, 4));
            assertTrue(chain.contains(fs.resolve("pids/uwsgid/shop/3/cgroup.procs").toString()), chain.toString());
            assertEquals("--", chain.get(chain.size() - 1));
        }

        @Test
        void killSignalsEveryPidInCgroupProcsAndRemoveTakesTheEmptyDirectoriesAway() throws Exception {
            SiteCgroup cg = host().create("uwsgid", "shop", 1, new CgroupLimits(0, 40, 0));
            Path procs = cg.joinChain().stream().filter(a -> a.endsWith("cgroup.procs")).map(Path::of).findFirst().orElseThrow();
            Files.writeString(procs, "101\n102\n");
            assertFalse(cg.kill(), "a plain file does not empty itself as the kernel's does");
            assertTrue(killed.containsAll(List.of(101, 102)));
            for (String c : List.of("memory/own", "pids", "cpu")) { // a cgroupfs directory empties itself when its processes are gone
                try (var files = Files.list(fs.resolve(c + "/uwsgid/shop/1"))) {
                    files.forEach(p -> p.toFile().delete());
                }
            }
            assertTrue(cg.remove());
            assertFalse(Files.exists(procs.getParent()));
            assertFalse(Files.exists(fs.resolve("pids/uwsgid")), "the site's and uwsgid's directories go with their last generation");
        }

        @Test
        void aLeftoverOfAnEarlierDaemonIsEmptiedAndMadeAgain() throws Exception {
            Path stale = Files.createDirectories(fs.resolve("pids/uwsgid/shop/1"));
            Cgroups host = host();
            host.create("uwsgid", "shop", 1, new CgroupLimits(0, 40, 0));
            assertTrue(Files.isDirectory(stale));
            assertEquals("40", Files.readString(stale.resolve("pids.max")));
        }

        @Test
        void usageReadsMemoryOomKillsAndPids() throws Exception {
            Cgroups host = host();
            SiteCgroup cg = host.create("uwsgid", "shop", 1, new CgroupLimits(64L << 20, 40, 0));
            Path mem = fs.resolve("memory/own/uwsgid/shop/1");
            Files.writeString(mem.resolve("memory.usage_in_bytes"), "1048576\n");
            Files.writeString(mem.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
            Files.writeString(fs.resolve("pids/uwsgid/shop/1/pids.current"), "7\n");
            assertEquals(new SiteCgroup.Usage(1 << 20, 64L << 20, 2, 7, 40), cg.usage(host));
            assertEquals(new SiteCgroup.Usage(1 << 20, 64L << 20, 2, 7, 40), host.find("uwsgid", "shop", 1).orElseThrow().usage(host));
            assertTrue(host.find("uwsgid", "shop", 2).isEmpty());
        }
    }

    @Nested
    class V2 {
        @Test
        void theDaemonLeavesItsOwnCgroupAndControllersAreEnabledDownToTheSite() throws Exception {
            Path own = Files.createDirectories(fs.resolve("system.slice/uwsgid.service"));
            Files.writeString(own.resolve("cgroup.type"), "domain\n");
            Files.writeString(own.resolve("cgroup.procs"), "4242\n");
            Cgroups host = Cgroups.v2(own, Cgroups.ordered(Set.of("memory", "pids", "cpu")), killed::add);
            SiteCgroup cg = host.create("uwsgid", "shop", 2, new CgroupLimits(128L << 20, 30, 200));
            assertEquals("4242", Files.readString(own.resolve(CgroupV2.DAEMON_LEAF).resolve("cgroup.procs")));
            for (Path p : List.of(own, own.resolve("uwsgid"), own.resolve("uwsgid/shop"))) {
                assertEquals("+memory +pids +cpu", Files.readString(p.resolve("cgroup.subtree_control")), p.toString());
            }
            Path gen = own.resolve("uwsgid/shop/2");
            assertEquals(Long.toString(128L << 20), Files.readString(gen.resolve("memory.max")));
            assertEquals("30", Files.readString(gen.resolve("pids.max")));
            assertEquals("200", Files.readString(gen.resolve("cpu.weight")));
            assertEquals(List.of(gen.resolve("cgroup.procs").toString(), "--"), cg.joinChain().subList(4, 6));
        }

        @Test
        void killWritesCgroupKill() throws Exception {
            Cgroups host = Cgroups.v2(fs, Set.of("pids"), killed::add);
            SiteCgroup cg = host.create("uwsgid", "shop", 1, new CgroupLimits(0, 30, 0));
            Files.writeString(fs.resolve("uwsgid/shop/1/cgroup.kill"), "");
            assertTrue(cg.kill());
            assertEquals("1", Files.readString(fs.resolve("uwsgid/shop/1/cgroup.kill")));
        }
    }
}
