package io.uwsgid.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.arbiter.DaemonObserver.Snapshot;
import io.uwsgid.status.SiteState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop side of the metrics: only what finished since the last turn is handed on. */
class LoopWatchTest {
    private final LoopWatch watch = new LoopWatch();

    private void turn(long accepts, long acceptNanos, long reloads, long reloadNanos) {
        watch.turn(new Snapshot(List.of(Statuses.of("a", SiteState.RUNNING, Statuses.counters(accepts, acceptNanos, reloads, reloadNanos))), 0, 0));
    }

    @Test
    void aStartSeenOnceIsHandedOnOnce() {
        turn(1, 30, 0, 0);
        turn(1, 30, 0, 0);
        assertEquals(List.of(new LoopWatch.Timing("a", false, 30)), watch.drain());
        assertEquals(List.of(), watch.drain());
    }

    @Test
    void twoFinishedBetweenTurnsShareTheirSumSoCountAndSumStayExact() {
        turn(1, 30, 0, 0);
        watch.drain();
        turn(3, 130, 1, 500);
        assertEquals(List.of(new LoopWatch.Timing("a", false, 50), new LoopWatch.Timing("a", false, 50), new LoopWatch.Timing("a", true, 500)),
                watch.drain());
    }

    @Test
    void withoutScrapesTheQueueKeepsTheNewestOnly() {
        turn(LoopWatch.MAX_PENDING + 10, 10L * (LoopWatch.MAX_PENDING + 10), 0, 0);
        assertEquals(LoopWatch.MAX_PENDING, watch.drain().size());
    }

    @Test
    void theLatestSnapshotAndTurnTimeAreKept() {
        turn(0, 0, 0, 0);
        assertEquals("a", watch.latest().sites().get(0).name());
        assertEquals(true, watch.turnedAt() > 0);
    }
}
