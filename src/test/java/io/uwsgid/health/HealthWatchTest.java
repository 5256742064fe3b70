package io.uwsgid.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.status.SiteStatus.Watch;
import io.uwsgid.status.StatsReading;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the health watch reads of a running generation in a round, from its heartbeats alone. */
class HealthWatchTest {
    static final long S = 1_000_000_000L;
    /** health-timeout 10 s, a beat every 3 s: read once the workers have been silent 10 + 3 + 1 s. */
    static final Watch BEATING = new Watch(10_000, 3, false);
    static final long NOW = 1_000 * S;

    @Test
    void workersThatBeatCostNoReading() {
        assertEquals(HealthWatch.SKIP, HealthWatch.due(BEATING, NOW - 2 * S, NOW - 600 * S, NOW));
        assertEquals(HealthWatch.SKIP, HealthWatch.due(BEATING, NOW - 14 * S + 1, NOW - 600 * S, NOW));
    }

    @Test
    void workersSilentForTheTimeoutAndAPeriodAreReadWithTheirSilence() {
        assertEquals(14 * S, HealthWatch.due(BEATING, NOW - 14 * S, NOW - 600 * S, NOW));
        assertEquals(40 * S, HealthWatch.due(BEATING, NOW - 40 * S, NOW - 600 * S, NOW));
    }

    @Test
    void aNewGenerationHasAPeriodAfterItSaysAcceptingForItsFirstBeatThenIsReadEveryRoundIfNoneCame() {
        assertEquals(HealthWatch.SKIP, HealthWatch.due(BEATING, 0, NOW - 4 * S + 1, NOW));
        assertEquals(StatsReading.POLLED, HealthWatch.due(BEATING, 0, NOW - 4 * S, NOW), "a loop engine that sends no heartbeat");
    }

    @Test
    void onDemandSitesAreReadEveryRoundForTheirIdleReturn() {
        assertEquals(StatsReading.POLLED, HealthWatch.due(new Watch(10_000, 3, true), NOW - S, NOW - 600 * S, NOW));
    }

    @Test
    void noHealthTimeoutNoReading() {
        assertEquals(HealthWatch.SKIP, HealthWatch.due(new Watch(0, 0, false), 0, NOW - 600 * S, NOW));
        assertEquals(HealthWatch.SKIP, HealthWatch.due(Watch.NONE, NOW - 600 * S, NOW - 600 * S, NOW));
    }

    @Test
    void roundsAreTheShortestHeartbeatPeriodApartAndTwoSecondsAtLeast() {
        assertEquals(3_000, HealthWatch.nextRoundMillis(List.of(BEATING, new Watch(30_000, 10, false))));
        assertEquals(2_000, HealthWatch.nextRoundMillis(List.of(new Watch(3_000, 1, false), BEATING)), "heartbeat 1 s: every 2 s");
        assertEquals(2_000, HealthWatch.nextRoundMillis(List.of()));
        assertEquals(2_000, HealthWatch.nextRoundMillis(List.of(Watch.NONE, new Watch(10_000, 3, true))), "no hang detection, on demand");
    }
}
