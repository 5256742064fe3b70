package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.CgroupLimits;
import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.DaemonConfigLoader;
import io.uwsgid.config.OwnOptions;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Cgroups;
import io.uwsgid.os.ChildSpec;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.status.SiteState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A site with limits on a fake kernel whose cgroups live in a temp dir. */
class SiteCgroupTest extends SiteScenario {
    final List<Integer> killed = new ArrayList<>();
    Path pids;

    @BeforeEach
    void v1Host() throws Exception {
        pids = Files.createDirectories(dir.resolve("cgroupfs/pids"));
        kernel.cgroups = Cgroups.v1(Map.of("pids", pids), killed::add);
    }

    private Site limited(DaemonConfig daemon) {
        SiteConfig c = f.config;
        SiteConfig withLimits = new SiteConfig(c.name(), c.file(), c.options(), c.passthrough(), c.sockets(), c.identity(), c.pidFiles(),
                c.logFile(), c.vacuum(), c.mercy(), c.startTimeout(), new OwnOptions(new CgroupLimits(0, 32, 0), OwnOptions.DEFAULT_HEALTH_TIMEOUT));
        return new Site("myproject", withLimits, kernel, daemon, SpawnCheck.NONE);
    }

    private DaemonConfig allowingUnlimited() throws ConfigException {
        return new DaemonConfigLoader().set("sites-dir", dir.resolve("sites").toString()).set("run-dir", dir.resolve("run").toString())
                .set("uwsgi", "/bin/true").set("allow-unlimited", "true").build();
    }

    @Test
    void eachGenerationJoinsItsOwnCgroupBeforeSetprivRuns() {
        Site s = limited(f.daemon);
        s.start("test");
        ChildSpec spec = kernel.lastSpawn().spec();
        assertEquals("/bin/sh", spec.path());
        int dashes = spec.argv().indexOf("--");
        assertEquals(pids.resolve("uwsgid/myproject/1/cgroup.procs").toString(), spec.argv().get(dashes - 1));
        assertEquals("/usr/bin/setpriv", spec.argv().get(dashes + 1), "the checked setpriv by its path, not a name PATH resolves");
        assertTrue(spec.argv().contains("--no-new-privs"));
        assertEquals("32", read(pids.resolve("uwsgid/myproject/1/pids.max")));
    }

    @Test
    void whatIsLeftInTheCgroupWhenItsGenerationEndsIsKilled() throws Exception {
        Site s = limited(f.daemon);
        s.start("test");
        int pid = kernel.lastPid();
        s.onEmperor(pid, Site.EMPEROR_ACCEPTING);
        Files.writeString(pids.resolve("uwsgid/myproject/1/cgroup.procs"), "4711\n"); // a double-forked grandchild
        kernel.exit(pid, ExitStatus.exited(0));
        s.onExit(pid, kernel.reap(pid).orElseThrow());
        assertTrue(killed.contains(4711), "killed: " + killed);
    }

    @Test
    void withoutTheControllerTheSpawnIsRefusedUnlessTheOperatorAllowsIt() throws Exception {
        kernel.cgroups = Cgroups.none();
        Site refused = limited(f.daemon);
        refused.start("test");
        assertEquals(SiteState.BACKOFF, refused.state());
        assertTrue(refused.lastError().contains("no cgroup controller for {pids-max=pids}"), refused.lastError());
        assertTrue(refused.lastError().contains("allow-unlimited = true"), refused.lastError());

        Site allowed = limited(allowingUnlimited());
        allowed.start("test");
        assertEquals(SiteState.STARTING, allowed.state());
        assertEquals("/usr/bin/setpriv", kernel.lastSpawn().spec().path(), "no cgroup step without a cgroup");
    }

    @Test
    void aSiteWithoutLimitsGetsNoCgroup() {
        site.start("test");
        assertEquals("/usr/bin/setpriv", kernel.lastSpawn().spec().path());
        assertTrue(!Files.exists(pids.resolve("uwsgid")));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
