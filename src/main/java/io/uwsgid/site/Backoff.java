package io.uwsgid.site;

import java.time.Duration;

/**
 * Delays between fast failures: a crash of a generation that was serving retries at once, then
 * 1 s, 2 s, 4 s ... up to the cap; a generation that failed before it ever accepted waits from
 * the first failure. A generation that stays up for the stable time resets the count.
 */
final class Backoff {
    private static final long BASE_NANOS = Duration.ofSeconds(1).toNanos();
    private long capNanos;
    private int failures;

    Backoff(Duration cap) {
        this.capNanos = cap.toNanos();
    }

    void setCap(Duration cap) {
        capNanos = cap.toNanos();
    }

    /** Records a failure; returns how long to wait before the next try. */
    long fail() {
        failures++;
        if (failures == 1) {
            return 0;
        }
        int doublings = Math.min(failures - 2, 30);
        return Math.min(capNanos, BASE_NANOS << doublings);
    }

    /** A failure of a generation that never accepted requests: it gets no free retry at once. */
    long failBeforeAccepting() {
        failures = Math.max(failures, 1);
        return fail();
    }

    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }
}
