package io.uwsgid.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.arbiter.DaemonObserver.Snapshot;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a scrape shows for sites the loop reported (no processes behind them: /proc and stats give nothing). */
class MetersTest {
    @TempDir
    Path dir;
    LoopWatch watch;
    Meters meters;

    @BeforeEach
    void setUp() throws Exception {
        watch = new LoopWatch();
        meters = Statuses.meters(dir, watch);
    }

    @AfterEach
    void tearDown() {
        meters.close();
    }

    private String scrape(SiteStatus... sites) throws Exception {
        watch.turn(new Snapshot(List.of(sites), 3_000_000, 0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        meters.scrape(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String sample(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? m.group(1) : "absent";
    }

    @Test
    void aRunningSiteIsUpInStateRunningWithItsCountersByReasonAndResult() throws Exception {
        String text = scrape(Statuses.of("web", SiteState.RUNNING));
        assertEquals("1.0", sample(text, "uwsgid_site_up{site=\"web\"}"));
        assertEquals("1.0", sample(text, "uwsgid_site_state{site=\"web\",state=\"RUNNING\"}"));
        assertEquals("0.0", sample(text, "uwsgid_site_state{site=\"web\",state=\"FATAL\"}"));
        assertEquals("2.0", sample(text, "uwsgid_site_restarts_total{reason=\"crash\",site=\"web\"}"));
        assertEquals("3.0", sample(text, "uwsgid_site_restarts_total{reason=\"operator\",site=\"web\"}"));
        assertEquals("4.0", sample(text, "uwsgid_site_restarts_total{reason=\"reload\",site=\"web\"}"));
        assertEquals("9.0", sample(text, "uwsgid_site_last_exit_signal{site=\"web\"}"));
        assertEquals("-1.0", sample(text, "uwsgid_site_last_exit_code{site=\"web\"}"));
        assertEquals("1.0", sample(text, "uwsgid_sites{state=\"RUNNING\"}"));
        assertEquals("0.003", sample(text, "uwsgid_loop_lag_seconds"));
    }

    @Test
    void aBackingOffSiteIsDownWithItsWholeDelay() throws Exception {
        String text = scrape(Statuses.of("web", SiteState.BACKOFF));
        assertEquals("0.0", sample(text, "uwsgid_site_up{site=\"web\"}"));
        assertEquals("3.0", sample(text, "uwsgid_site_backoff_delay_seconds{site=\"web\"}"), "2 s in the state plus 1 s to go");
    }

    @Test
    void startTimesLandInTheHistogramOnce() throws Exception {
        scrape(Statuses.of("web", SiteState.RUNNING, Statuses.counters(1, 200_000_000, 0, 0)));
        String text = scrape(Statuses.of("web", SiteState.RUNNING, Statuses.counters(1, 200_000_000, 0, 0)));
        assertEquals("1", sample(text, "uwsgid_site_spawn_to_accept_seconds_count{site=\"web\"}"));
        assertEquals("0", sample(text, "uwsgid_site_spawn_to_accept_seconds_bucket{site=\"web\",le=\"0.1\"}"));
        assertEquals("1", sample(text, "uwsgid_site_spawn_to_accept_seconds_bucket{site=\"web\",le=\"0.25\"}"));
    }

    @Test
    void aRemovedSiteLeavesNoSeries() throws Exception {
        scrape(Statuses.of("old", SiteState.RUNNING), Statuses.of("web", SiteState.RUNNING));
        String text = scrape(Statuses.of("web", SiteState.RUNNING));
        assertFalse(text.contains("site=\"old\""), text);
        assertTrue(text.contains("site=\"web\""));
    }

    @Test
    void everyUwsgidSeriesNamesItsSiteOrIsADaemonMetric() throws Exception {
        String text = scrape(Statuses.of("web", SiteState.RUNNING));
        for (String line : text.split("\n")) {
            if (line.startsWith("uwsgid_site_")) {
                assertTrue(line.contains("site=\"web\""), line);
            }
        }
    }

    @Test
    void everyUwsgidMetricIsDocumentedInMetricsMd() throws Exception {
        String doc = Files.readString(Path.of("docs/METRICS.md"));
        Set<String> missing = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^# TYPE (uwsgid_\\S+) (\\S+)$").matcher(scrape(Statuses.of("web", SiteState.RUNNING)));
        while (m.find()) {
            if (!doc.contains("`" + m.group(1) + "`")) {
                missing.add(m.group(1) + " (" + m.group(2) + ")");
            }
        }
        assertEquals(Set.of(), missing, "add them to the table in docs/METRICS.md");
    }
}
