package io.uwsgid.site;

import static io.uwsgid.site.SiteFixture.A_MOMENT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the counters behind status and /metrics say after what happened to a site. */
class SiteCountersTest extends SiteScenario {
    int first;

    @BeforeEach
    void startRunning() {
        first = f.running();
    }

    private SiteStatus.Counters counters() {
        return site.status().counters();
    }

    @Nested
    class Restarts {
        @Test
        void aFirstStartIsNoRestart() {
            SiteStatus.Counters c = counters();
            assertEquals(List.of(0L, 0L, 0L), List.of(c.restartsCrash(), c.restartsOperator(), c.restartsReload()));
        }

        @Test
        void aCrashCountsOneCrashRestart() {
            f.exits(first, ExitStatus.killed(Signals.KILL));
            assertAll(
                    () -> assertEquals(1, counters().restartsCrash()),
                    () -> assertEquals(1, counters().crashes()),
                    () -> assertEquals(SiteState.STARTING, site.state()));
        }

        @Test
        void aRetryAfterBackoffCountsAsACrashRestartToo() {
            f.exits(first, ExitStatus.killed(Signals.KILL));
            f.exits(kernel.lastPid(), ExitStatus.exited(22));
            assertEquals(SiteState.BACKOFF, site.state());
            f.passes(SiteFixture.BACKOFF_CAP);
            assertEquals(2, counters().restartsCrash());
        }

        @Test
        void anOperatorRestartCountsOnceTheOldGenerationHasStopped() {
            site.restart("uwsgictl restart");
            assertEquals(0, counters().restartsOperator());
            f.exits(first, ExitStatus.exited(0));
            assertAll(
                    () -> assertEquals(1, counters().restartsOperator()),
                    () -> assertEquals(0, counters().restartsCrash()),
                    () -> assertEquals(SiteState.STARTING, site.state()));
        }

        @Test
        void reloadsAndInPlaceReloadsCountAsReloadRestarts() {
            site.reload("uwsgictl reload");
            f.accepting(kernel.lastPid());
            f.accepting(kernel.lastPid());
            assertEquals(2, counters().restartsReload());
        }
    }

    @Nested
    class Reloads {
        @Test
        void aReloadThatTakesOverIsOkWithItsDuration() {
            site.reload("uwsgictl reload");
            kernel.advance(Duration.ofMillis(40));
            f.accepting(kernel.lastPid());
            SiteStatus.Counters c = counters();
            assertAll(
                    () -> assertEquals(1, c.reloadsOk()),
                    () -> assertEquals(0, c.reloadsFailed()),
                    () -> assertEquals(Duration.ofMillis(40).toNanos(), c.reloadNanosTotal()),
                    () -> assertEquals(2, c.accepts(), "the start and the reload both reached accepting"));
        }

        @Test
        void aNewGenerationThatDiesIsRolledBackWhileTheOldServes() {
            site.reload("uwsgictl reload");
            kernel.advance(A_MOMENT);
            f.exits(kernel.lastPid(), ExitStatus.exited(22));
            SiteStatus.Counters c = counters();
            assertAll(
                    () -> assertEquals(1, c.reloadsFailed()),
                    () -> assertEquals(1, c.reloadsRolledBack()),
                    () -> assertEquals(A_MOMENT.toNanos(), c.reloadNanosTotal()),
                    () -> assertEquals(first, site.status().pid()));
        }

        @Test
        void aReloadSupersededByANewerOneFailsWithoutRollingBack() {
            site.reload("first");
            site.reload("second");
            SiteStatus.Counters c = counters();
            assertAll(
                    () -> assertEquals(1, c.reloadsFailed()),
                    () -> assertEquals(0, c.reloadsRolledBack()),
                    () -> assertEquals(1, c.reloadSeq()));
        }
    }

    @Test
    void statusListsTheMasterOfEveryLiveGeneration() {
        site.reload("uwsgictl reload");
        int second = kernel.lastPid();
        assertEquals(List.of(first, second), site.status().pids());
        f.accepting(second);
        assertTrue(site.status().pids().contains(first), "the retiring generation still counts until it exits");
        f.exits(first, ExitStatus.exited(0));
        assertEquals(List.of(second), site.status().pids());
    }

    @Test
    void startTimesAddUpOverStarts() {
        f.exits(first, ExitStatus.killed(Signals.KILL));
        kernel.advance(Duration.ofMillis(30));
        f.accepting(kernel.lastPid());
        assertAll(
                () -> assertEquals(2, counters().accepts()),
                () -> assertEquals(Duration.ofMillis(30).toNanos(), counters().lastStartNanos()),
                () -> assertTrue(counters().acceptNanosTotal() >= Duration.ofMillis(30).toNanos()));
    }
}
