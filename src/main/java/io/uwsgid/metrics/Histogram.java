package io.uwsgid.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.TimeWindowMax;
import java.io.IOException;

/**
 * A site's start or reload times, written as Micrometer's timers with service-level buckets were
 * (the same series: {@code _bucket} with {@code le}, {@code _count}, {@code _sum} in seconds, and a
 * {@code _max} gauge over the last two minutes), for a few longs instead of a registered meter.
 * Recorded and written by the scrape thread alone.
 */
final class Histogram {
    /** Upper bounds in nanoseconds: a start or reload usually takes well under a second; start-timeout defaults to 60 s. */
    static final long[] BOUNDS = {100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L,
            10_000_000_000L, 30_000_000_000L};
    /** The {@code le} label of each bucket, then of +Inf, after the site label. */
    static final byte[][] LE = les();
    private final long[] counts = new long[BOUNDS.length];
    private final TimeWindowMax max = new TimeWindowMax(Clock.SYSTEM, DistributionStatisticConfig.DEFAULT);
    private long count, sumNanos;

    void record(long nanos) {
        for (int i = 0; i < BOUNDS.length; i++) {
            if (nanos <= BOUNDS[i]) {
                counts[i]++;
                break;
            }
        }
        count++;
        sumNanos += nanos;
        max.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The buckets (cumulative, as Prometheus wants them), count and sum of one site. */
    void write(PromText out, Family.Names n, byte[] site) throws IOException {
        long cumulative = 0;
        for (int i = 0; i < BOUNDS.length; i++) {
            cumulative += counts[i];
            out.count(n.bucket(), site, LE[i], cumulative);
        }
        out.count(n.bucket(), site, LE[BOUNDS.length], count);
        out.count(n.count(), site, null, count);
        out.sample(n.sum(), site, null, sumNanos / 1e9);
    }

    double maxSeconds() {
        return max.poll(java.util.concurrent.TimeUnit.SECONDS);
    }

    private static byte[][] les() {
        byte[][] out = new byte[BOUNDS.length + 1][];
        for (int i = 0; i < BOUNDS.length; i++) {
            out[i] = PromText.utf8(",le=\"" + BOUNDS[i] / 1e9 + "\"");
        }
        out[BOUNDS.length] = PromText.utf8(",le=\"+Inf\"");
        return out;
    }
}
