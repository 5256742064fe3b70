package io.uwsgid.metrics;

import io.uwsgid.arbiter.DaemonObserver.Snapshot;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** /healthz: healthy while the event loop turns and no site is FATAL; otherwise each reason on a line. */
record Health(boolean ok, List<String> reasons) {
    /** The loop turns at least every 10 s (every 200 ms while anything is under way); this long without a turn means it is stuck. */
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(25);

    /** {@code turnedAt} and {@code now}: System.nanoTime() of the last turn (0: none yet) and of now. */
    static Health of(Snapshot latest, long turnedAt, long now) {
        List<String> reasons = new ArrayList<>();
        if (latest == null || turnedAt == 0) {
            reasons.add("the event loop has not turned yet");
        } else if (now - turnedAt > STALL_NANOS) {
            reasons.add("the event loop has not turned for " + TimeUnit.NANOSECONDS.toMillis(now - turnedAt) + " ms");
        }
        if (latest != null) {
            for (SiteStatus s : latest.sites()) {
                if (s.state() == SiteState.FATAL) {
                    reasons.add("site " + s.name() + " is FATAL" + (s.lastError() == null ? "" : ": " + s.lastError()));
                }
            }
        }
        return new Health(reasons.isEmpty(), List.copyOf(reasons));
    }

    String body() {
        return ok ? "ok\n" : String.join("\n", reasons) + "\n";
    }
}
