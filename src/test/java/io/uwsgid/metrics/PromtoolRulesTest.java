package io.uwsgid.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alert rules (packaging/monitoring/uwsgid-alerts.yml) through Debian's promtool:
 * they are valid, and their test cases (uwsgid-alerts.test.yml: series in, alerts that must and
 * must not fire) pass; a rule changed to fire too widely makes those cases fail.
 */
class PromtoolRulesTest {
    static final Path DIR = Path.of("packaging/monitoring").toAbsolutePath();
    static final Path RULES = DIR.resolve("uwsgid-alerts.yml");
    static final Path CASES = DIR.resolve("uwsgid-alerts.test.yml");

    @TempDir
    Path tmp;

    record Run(int exit, String out) {}

    static Run promtool(Path cwd, String... args) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/promtool"))) {
            fail("/usr/bin/promtool is missing: bin/install-deps installs Debian's prometheus package, which has it");
        }
        String[] cmd = new String[args.length + 1];
        cmd[0] = "/usr/bin/promtool";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "promtool did not finish");
        return new Run(p.exitValue(), out);
    }

    @Test
    void theRulesPassPromtoolCheckRules() throws Exception {
        Run r = promtool(DIR, "check", "rules", RULES.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SUCCESS: 7 rules found"), r.out());
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsTestCasesSay() throws Exception {
        Run r = promtool(DIR, "test", "rules", CASES.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SUCCESS"), r.out());
    }

    @Test
    void theCasesCatchASiteDownRuleThatForgetsOperatorStopsAndFatalSites() throws Exception {
        String rules = Files.readString(RULES);
        String wide = rules.replace("unless on (job, instance, site) uwsgid_site_state{state=~\"STOPPED|FATAL\"} == 1", "");
        assertNotEquals(rules, wide, "the SiteDown expression changed: update this test");
        Files.writeString(tmp.resolve("uwsgid-alerts.yml"), wide);
        Files.copy(CASES, tmp.resolve("uwsgid-alerts.test.yml"));
        Run r = promtool(tmp, "test", "rules", "uwsgid-alerts.test.yml");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("alertname: SiteDown") && r.out().contains("site=\"blog\"") && r.out().contains("site=\"api\""), r.out());
    }

    @Test
    void theCasesCatchAnAlertThatFiresWithoutWaiting() throws Exception {
        String rules = Files.readString(RULES);
        String hasty = rules.replace("expr: uwsgid_site_listen_queue > 0\n        for: 5m", "expr: uwsgid_site_listen_queue > 0\n        for: 1m");
        assertNotEquals(rules, hasty, "the ListenQueueSaturated rule changed: update this test");
        Files.writeString(tmp.resolve("uwsgid-alerts.yml"), hasty);
        Files.copy(CASES, tmp.resolve("uwsgid-alerts.test.yml"));
        Run r = promtool(tmp, "test", "rules", "uwsgid-alerts.test.yml");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("alertname: ListenQueueSaturated, time: 5m"), r.out());
    }
}
