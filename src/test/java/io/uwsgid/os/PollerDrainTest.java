package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How often a quiet emperor pipe is read: before its workers' beats could fill it (278 here), at their fastest. */
class PollerDrainTest {
    static final long S = 1_000_000_000L;

    @Test
    void asOftenAsItsWorkersCouldWrite128BeatsWithinTwoToThirtySeconds() {
        assertEquals(16 * S, Poller.Drain.every(8), "8 workers beating every second");
        assertEquals(30 * S, Poller.Drain.every(2 / 3.0), "2 workers, every 3 s: 192 s, kept to 30");
        assertEquals(30 * S, Poller.Drain.every(0), "no heartbeat");
        assertEquals(2 * S, Poller.Drain.every(64));
    }

    @Test
    void workersThatCouldFillItInUnderTwoSecondsKeepTheirMasterOutOfQuiet() {
        assertEquals(0, Poller.Drain.every(65), "65 workers beating every second");
        assertEquals(0, Poller.Drain.every(200));
    }

    @Test
    void itIsDueOnePeriodAfterItWentQuiet() {
        assertEquals(5_000 * S + 16 * S, new Poller.Drain(5_000 * S, 16 * S).dueAt);
    }
}
