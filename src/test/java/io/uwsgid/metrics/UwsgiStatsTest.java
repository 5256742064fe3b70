package io.uwsgid.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.status.SiteUsage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading what uWSGI's stats server wrote, and shrugging off what a site's user could write instead. */
class UwsgiStatsTest {
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = UwsgiStatsTest.class.getResourceAsStream("/stats/" + name)) {
            return in.readAllBytes();
        }
    }

    private static Optional<SiteUsage.Stats> parse(String json) {
        return UwsgiStats.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twoWorkersOfRealUwsgiAreSummed() throws IOException {
        SiteUsage.Stats s = UwsgiStats.parse(fixture("uwsgi-2.0.21-two-workers.json")).orElseThrow();
        assertEquals(new SiteUsage.Stats(3, 0, 0, 2, 2, 1, 0, (2 * 152 + 137) / 3.0 / 1e6), s);
    }

    @Test
    void busyWorkersListenQueueAndExceptionsAreRead() {
        SiteUsage.Stats s = parse("{\"listen_queue\": 7, \"listen_queue_errors\": 2, \"workers\": ["
                + "{\"requests\": 10, \"exceptions\": 1, \"status\": \"busy\", \"avg_rt\": 1000},"
                + "{\"requests\": 30, \"exceptions\": 2, \"status\": \"idle\", \"avg_rt\": 3000},"
                + "{\"requests\": 0, \"status\": \"cheap\"}]}").orElseThrow();
        assertEquals(new SiteUsage.Stats(40, 3, 1, 1, 3, 7, 2, (10 * 1000 + 30 * 3000) / 40.0 / 1e6), s);
    }

    @Test
    void noRequestsYetMeansNoAverageRatherThanNaN() {
        assertEquals(0.0, parse("{\"workers\": [{\"requests\": 0, \"avg_rt\": 0, \"status\": \"idle\"}]}").orElseThrow().avgResponseSeconds());
    }

    @Test
    void missingOrMistypedFieldsCountAsZero() {
        SiteUsage.Stats s = parse("{\"listen_queue\": \"lots\", \"workers\": [{\"requests\": -5, \"status\": 3, \"cores\": [{}]}, 17, null,"
                + " {\"requests\": 1e400, \"exceptions\": 2.5, \"status\": \"busy\"}], \"workers_extra\": {}}").orElseThrow();
        assertEquals(new SiteUsage.Stats(0, 2, 1, 0, 2, 0, 0, 0), s);
    }

    @Test
    void somethingThatIsNotAJsonObjectIsNoStats() {
        assertTrue(parse("HTTP/1.0 200 OK\r\n\r\n{").isEmpty());
        assertTrue(parse("[1, 2]").isEmpty());
        assertTrue(parse("").isEmpty());
        assertTrue(UwsgiStats.parse(new byte[] {(byte) 0xff, 0, 1}).isEmpty());
    }
}
