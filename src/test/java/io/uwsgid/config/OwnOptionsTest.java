package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** memory-max, pids-max, cpu-weight and health-timeout: uwsgid's own options in a real site file. */
class OwnOptionsTest {
    @TempDir
    Path dir;

    private SiteConfig load(String... extra) throws IOException, ConfigException {
        String file = String.join("\n", "[uwsgi]", "uid = nobody", "socket = " + dir.resolve("s.sock"), "module = app") + "\n"
                + String.join("\n", extra) + "\n";
        DaemonConfig daemon = new DaemonConfigLoader().set("sites-dir", dir.toString()).set("run-dir", dir.resolve("run").toString()).build();
        return SiteLoader.load(Files.writeString(dir.resolve("myproject.ini"), file), daemon);
    }

    private ConfigException refused(String... extra) {
        return assertThrows(ConfigException.class, () -> load(extra));
    }

    @Nested
    class Limits {
        @Test
        void sizesTakeBinarySuffixes() throws Exception {
            assertEquals(512L << 20, load("memory-max = 512M").own().limits().memoryMax());
            assertEquals(2L << 30, load("memory-max = 2g").own().limits().memoryMax());
            assertEquals(100L << 20, load("memory-max = 104857600").own().limits().memoryMax());
        }

        @Test
        void allThreeAreReadAndNoneReachesUwsgi() throws Exception {
            SiteConfig site = load("memory-max = 256M", "pids-max = 64", "cpu-weight = 50", "health-timeout = 2.5");
            assertEquals(new CgroupLimits(256L << 20, 64, 50), site.own().limits());
            assertEquals(Duration.ofMillis(2500), site.own().healthTimeout());
            assertTrue(site.passthrough().stream().noneMatch(o -> OwnOptions.KEYS.contains(o.key())), site.passthrough().toString());
        }

        @Test
        void aSiteWithoutThemHasNoLimitsAndTheDefaultHealthTimeout() throws Exception {
            SiteConfig site = load();
            assertEquals(CgroupLimits.NONE, site.own().limits());
            assertEquals(Duration.ofSeconds(10), site.own().healthTimeout());
        }
    }

    @Nested
    class OnDemand {
        @Test
        void idleIsUwsgidsOnlyInAnOnDemandSite() throws Exception {
            SiteConfig onDemand = load("on-demand = true", "idle = 30");
            assertTrue(onDemand.own().onDemand());
            assertEquals(Duration.ofSeconds(30), onDemand.own().idle());
            assertTrue(onDemand.passthrough().stream().noneMatch(o -> o.key().equals("idle") || o.key().equals("on-demand")));
            SiteConfig plain = load("idle = 30");
            assertTrue(plain.passthrough().stream().anyMatch(o -> o.key().equals("idle")), "uWSGI's own idle (cheap mode) passes");
        }

        @Test
        void anIdleTimeThatIsNotSecondsIsRefused() {
            ConfigException e = refused("on-demand = true", "idle = soon");
            assertEquals(6, e.line());
            assertTrue(e.fix().contains("idle = 600"), e.fix());
        }
    }

    @Nested
    class BadValues {
        @Test
        void aMemorySizeThatIsNoneIsRefusedAtItsLineWithTheFix() {
            ConfigException e = refused("memory-max = lots");
            assertEquals(5, e.line());
            assertTrue(e.problem().contains("memory-max = lots is not an amount of memory"), e.problem());
            assertTrue(e.fix().contains("memory-max = 512M"), e.fix());
        }

        @Test
        void tooSmallAMemoryLimitIsRefused() {
            assertTrue(refused("memory-max = 1K").problem().contains("at least 4M"));
        }

        @Test
        void pidsAndWeightOutOfRangeAreRefused() {
            assertTrue(refused("pids-max = 0").problem().contains("from 1 to"));
            assertTrue(refused("cpu-weight = 20000").problem().contains("from 1 to 10000"));
            assertTrue(refused("pids-max = -3").fix().contains("pids-max = 64"));
        }

        @Test
        void aHealthTimeoutThatIsNotSecondsIsRefused() {
            assertTrue(refused("health-timeout = soon").fix().contains("health-timeout = 10"));
        }
    }
}
