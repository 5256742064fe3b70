package io.uwsgid.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.arbiter.DaemonObserver.Snapshot;
import io.uwsgid.status.SiteState;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HealthTest {
    private static final long NOW = TimeUnit.HOURS.toNanos(1);

    private static Snapshot sites(SiteState... states) {
        return new Snapshot(java.util.stream.IntStream.range(0, states.length)
                .mapToObj(i -> Statuses.of("site" + i, states[i])).toList(), 0, NOW);
    }

    @Test
    void aTurningLoopWithNoFatalSiteIsHealthy() {
        Health h = Health.of(sites(SiteState.RUNNING, SiteState.BACKOFF, SiteState.STOPPED), NOW - 1000, NOW);
        assertTrue(h.ok());
        assertEquals("ok\n", h.body());
    }

    @Test
    void aFatalSiteIsUnhealthyAndNamedWithItsError() {
        Health h = Health.of(sites(SiteState.RUNNING, SiteState.FATAL), NOW, NOW);
        assertFalse(h.ok());
        assertEquals(List.of("site site1 is FATAL: it failed"), h.reasons());
    }

    @Test
    void aLoopThatStoppedTurningIsUnhealthy() {
        Health h = Health.of(sites(SiteState.RUNNING), NOW - TimeUnit.SECONDS.toNanos(26), NOW);
        assertFalse(h.ok());
        assertTrue(h.body().startsWith("the event loop has not turned for 26000 ms"), h.body());
    }

    @Test
    void aRestingLoopTurnsEveryTenSecondsAndIsHealthy() {
        assertTrue(Health.of(sites(SiteState.RUNNING), NOW - TimeUnit.SECONDS.toNanos(11), NOW).ok());
    }

    @Test
    void beforeTheFirstTurnItIsNotHealthyYet() {
        assertEquals(List.of("the event loop has not turned yet"), Health.of(null, 0, NOW).reasons());
    }
}
