package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.doctor.Preflight;
import io.uwsgid.status.SiteState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks of uwsgictl check that run before every spawn: their errors stop the spawn with check's own words. */
class SitePreflightTest {
    @TempDir
    Path dir;
    SiteFixture f;
    SiteConfig missingPlugin;

    @BeforeEach
    void setUp() {
        f = new SiteFixture(dir);
        missingPlugin = SiteFixture.siteConfig(dir, true, "plugins = python34");
    }

    private String checkSays(SiteConfig site) {
        List<String> errors = Preflight.errors(Preflight.run(site, f.daemon));
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0);
    }

    @Test
    void aSiteWhosePluginIsMissingBecomesFatalWithChecksTextAndSpawnsNothing() {
        String expected = checkSays(missingPlugin);
        assertTrue(expected.startsWith(missingPlugin.file() + ":4: error: plugin python34 not found: no /usr/lib/uwsgi/plugins/python34_plugin.so"), expected);
        f.site.replaceConfig(missingPlugin, "test");
        f.site.start("test");
        assertEquals(SiteState.FATAL, f.site.state());
        assertEquals(expected, f.site.lastError());
        assertEquals(List.of(), f.kernel.spawned);
        assertEquals(List.of(), f.kernel.bound, "no socket is bound for a site that cannot spawn");
    }

    @Test
    void aReloadOntoAFileThatFailsTheChecksKeepsTheRunningGeneration() {
        int pid = f.running();
        f.site.replaceConfig(missingPlugin, "the file changed");
        assertEquals(SiteState.RUNNING, f.site.state());
        assertEquals("reload failed: " + checkSays(missingPlugin), f.site.lastError());
        assertEquals(1, f.kernel.spawned.size(), "no new generation");
        assertEquals(pid, f.site.status().pid());
    }

    @Test
    void aFatalSiteStartsOnceItsFileIsFixed() {
        f.site.replaceConfig(missingPlugin, "test");
        f.site.start("test");
        f.site.replaceConfig(SiteFixture.siteConfig(dir, true, "processes = 2"), "the file changed");
        assertEquals(SiteState.STARTING, f.site.state());
        assertEquals(1, f.kernel.spawned.size());
    }
}
