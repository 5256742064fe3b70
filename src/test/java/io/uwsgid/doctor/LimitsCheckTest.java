package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.DaemonConfigLoader;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteLoader;
import io.uwsgid.os.Cgroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What check (and the check before every spawn) says about limits the host cannot enforce. */
class LimitsCheckTest {
    @TempDir
    Path dir;

    private SiteConfig site() throws Exception {
        Path file = Files.writeString(dir.resolve("shop.ini"), String.join("\n", "[uwsgi]", "uid = nobody",
                "socket = " + dir.resolve("s.sock"), "memory-max = 512M", "pids-max = 64", "") );
        return SiteLoader.load(file, daemon(false));
    }

    private DaemonConfig daemon(boolean allowUnlimited) throws Exception {
        return new DaemonConfigLoader().set("sites-dir", dir.toString()).set("run-dir", dir.resolve("run").toString())
                .set("allow-unlimited", Boolean.toString(allowUnlimited)).build();
    }

    @Test
    void aLimitWithoutItsControllerIsAnErrorAtItsLineNamingTheController() throws Exception {
        Cgroups pidsOnly = Cgroups.v1(Map.of("pids", dir), pid -> { });
        List<Finding> found = LimitsCheck.run(site(), daemon(false), pidsOnly);
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals(Severity.ERROR, f.severity());
        assertEquals(4, f.line());
        assertTrue(f.message().contains("memory-max = 512M needs the cgroup memory controller"), f.message());
        assertTrue(f.fix().contains("allow-unlimited = true"), f.fix());
    }

    @Test
    void theOperatorMayAllowSitesToRunWithoutThem() throws Exception {
        List<Finding> found = LimitsCheck.run(site(), daemon(true), Cgroups.none());
        assertEquals(List.of(Severity.WARNING, Severity.WARNING), found.stream().map(Finding::severity).toList());
        assertTrue(found.get(1).message().contains("runs without this limit"), found.toString());
    }

    @Test
    void aHostWithTheControllersHasNothingToSay() throws Exception {
        Cgroups all = Cgroups.v1(Map.of("pids", dir, "memory", dir, "cpu", dir), pid -> { });
        assertEquals(List.of(), LimitsCheck.run(site(), daemon(false), all));
    }
}
