package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When a quiet emperor pipe is read next: before its workers' beats could fill it. */
class PollerDrainTest {
    static final long S = 1_000_000_000L, T0 = 5_000 * S;

    @Test
    void aPipeGoneQuietIsReadAfterTwoSeconds() {
        assertEquals(T0 + 2 * S, new Poller.Drain(T0).dueAt);
    }

    @Test
    void thenAfterTheTimeItsLastBytesTookScaledToSixtyFourWithinTwoToTenSeconds() {
        Poller.Drain d = new Poller.Drain(T0);
        d.read(T0 + 2 * S, 32); // 16 beats a second: 64 of them take 4 s
        assertEquals(T0 + 6 * S, d.dueAt);
        d.read(T0 + 6 * S, 4); // 1 a second: 64 s, kept to 10
        assertEquals(T0 + 16 * S, d.dueAt);
        d.read(T0 + 16 * S, 0);
        assertEquals(T0 + 26 * S, d.dueAt, "nothing came: 10 s");
        d.read(T0 + 26 * S, 640); // 64 workers beating every second: at the next round, 2 s
        assertEquals(T0 + 28 * S, d.dueAt);
    }
}
