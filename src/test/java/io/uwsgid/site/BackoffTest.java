package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }

    @Test
    void firstFailureRetriesAtOnceThenDelaysDoubleFromOneSecond() {
        Backoff b = new Backoff(Duration.ofSeconds(60));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            delays.add(b.fail());
        }
        assertEquals(List.of(0L, seconds(1), seconds(2), seconds(4), seconds(8), seconds(16), seconds(32)), delays);
    }

    @Test
    void delaysNeverExceedTheCap() {
        Backoff b = new Backoff(Duration.ofSeconds(60));
        for (int i = 0; i < 7; i++) {
            b.fail();
        }
        assertEquals(seconds(60), b.fail());
        assertEquals(seconds(60), b.fail());
    }

    @Test
    void aCapBetweenTwoDoublingsIsReachedExactly() {
        Backoff b = new Backoff(Duration.ofSeconds(5));
        b.fail();
        b.fail();
        b.fail();
        assertEquals(seconds(4), b.fail());
        assertEquals(seconds(5), b.fail());
    }

    @Test
    void endlessFailuresStayAtTheCapWithoutOverflowing() {
        Backoff b = new Backoff(Duration.ofSeconds(60));
        long last = 0;
        for (int i = 0; i < 1000; i++) {
            last = b.fail();
        }
        assertEquals(seconds(60), last);
        assertEquals(1000, b.failures());
    }

    @Test
    void resetMakesTheNextFailureRetryAtOnce() {
        Backoff b = new Backoff(Duration.ofSeconds(60));
        b.fail();
        b.fail();
        b.fail();
        b.reset();
        assertEquals(0, b.failures());
        assertEquals(0, b.fail());
        assertEquals(seconds(1), b.fail());
    }
}
