package io.uwsgid.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The per-site lines read exactly as Micrometer's registry wrote them. */
class PromTextTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PromText out = new PromText(bytes);
    private final byte[] name = PromText.utf8("uwsgid_site_x");
    private final byte[] site = PromText.utf8("site=\"web\"");

    private String line(double value) throws Exception {
        bytes.reset();
        out.sample(name, site, null, value);
        out.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Nested
    class Numbers {
        @Test
        void areWrittenAsDoubleToStringWritesThem() throws Exception {
            for (double v : new double[] {0, 1, -1, 9801728, 9_999_999, 1e7, 1.79658195365E9, 0.017065608, 0.003, Double.NaN,
                    Double.POSITIVE_INFINITY, -0.0, 123456789012.0}) {
                assertEquals("uwsgid_site_x{site=\"web\"} " + Double.toString(v) + "\n", line(v), "value " + v);
            }
        }

        @Test
        void countsHaveNoDecimalPoint() throws Exception {
            out.count(name, site, PromText.utf8(",le=\"+Inf\""), 42);
            out.flush();
            assertEquals("uwsgid_site_x{site=\"web\",le=\"+Inf\"} 42\n", bytes.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aLabelValueHasItsBackslashesQuotesAndNewlinesEscaped() {
        assertEquals("a\\\\b\\\"c\\nd", PromText.escape("a\\b\"c\nd"));
    }

    @Test
    void linesLongerThanTheBufferGoOutWhole() throws Exception {
        byte[] big = PromText.utf8("site=\"" + "w".repeat(40_000) + "\"");
        for (int i = 0; i < 3; i++) {
            out.sample(name, big, null, i);
        }
        out.flush();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length);
        assertEquals("uwsgid_site_x{" + new String(big, StandardCharsets.UTF_8) + "} 2.0", lines[2]);
    }

    @Test
    void aHistogramCountsEachTimeInTheFirstBucketItFitsAndWritesThemCumulatively() throws Exception {
        Histogram h = new Histogram();
        h.record(100_000_000L); // exactly 0.1 s: in le="0.1", as Micrometer counts it
        h.record(300_000_000L);
        h.record(60_000_000_000L); // beyond every bound: only in +Inf
        h.write(out, new Family.Names(PromText.utf8("h_bucket"), PromText.utf8("h_count"), PromText.utf8("h_sum")), site);
        out.flush();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("""
                h_bucket{site="web",le="0.1"} 1
                h_bucket{site="web",le="0.25"} 1
                h_bucket{site="web",le="0.5"} 2
                h_bucket{site="web",le="1.0"} 2
                h_bucket{site="web",le="2.5"} 2
                h_bucket{site="web",le="5.0"} 2
                h_bucket{site="web",le="10.0"} 2
                h_bucket{site="web",le="30.0"} 2
                h_bucket{site="web",le="+Inf"} 3
                h_count{site="web"} 3
                h_sum{site="web"} 60.4
                """, text);
        assertEquals(60.0, h.maxSeconds());
    }
}
