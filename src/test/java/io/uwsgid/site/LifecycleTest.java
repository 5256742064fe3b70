package io.uwsgid.site;

import static io.uwsgid.status.SiteState.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.status.SiteState;
import java.util.EnumSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LifecycleTest {
    @Nested
    class Allowed {
        @Test
        void stoppedCanBecomeStarting() {
            assertTrue(Lifecycle.allowed(STOPPED, STARTING));
        }

        @Test
        void startingCanBecomeRunningOnceItAccepts() {
            assertTrue(Lifecycle.allowed(STARTING, RUNNING));
        }

        @Test
        void runningCanBecomeReloadingAndReloadingRunningAgain() {
            assertTrue(Lifecycle.allowed(RUNNING, RELOADING));
            assertTrue(Lifecycle.allowed(RELOADING, RUNNING));
        }

        @Test
        void backoffCanBecomeStartingWhenItRetries() {
            assertTrue(Lifecycle.allowed(BACKOFF, STARTING));
        }

        @Test
        void fatalCanBecomeStartingWhenItsFileIsFixed() {
            assertTrue(Lifecycle.allowed(FATAL, STARTING));
        }

        @ParameterizedTest
        @EnumSource(value = SiteState.class, names = {"STARTING", "RUNNING", "RELOADING"})
        void everyStateWithALiveGenerationCanBecomeStopping(SiteState from) {
            assertTrue(Lifecycle.allowed(from, STOPPING));
        }
    }

    @Nested
    class Refused {
        @Test
        void stoppingCannotBecomeRunning() {
            assertFalse(Lifecycle.allowed(STOPPING, RUNNING));
        }

        @Test
        void stoppingCanOnlyBecomeStoppedOrIdle() {
            assertEquals(EnumSet.of(STOPPED, SiteState.IDLE), EnumSet.allOf(SiteState.class).stream().filter(to -> Lifecycle.allowed(STOPPING, to))
                    .collect(() -> EnumSet.noneOf(SiteState.class), EnumSet::add, EnumSet::addAll));
        }

        @Test
        void stoppedBecomesRunningWithoutStartingOnlyByTakingOverAHandedOverGeneration() {
            assertTrue(Lifecycle.allowed(STOPPED, RUNNING));
            for (Lifecycle.Event e : Lifecycle.Event.values()) {
                assertEquals(e == Lifecycle.Event.ADOPTED, Lifecycle.action(STOPPED, e) == Lifecycle.Action.ADOPT, e.toString());
            }
        }

        @Test
        void backoffCannotBecomeRunningWithoutStarting() {
            assertFalse(Lifecycle.allowed(BACKOFF, RUNNING));
        }

        @ParameterizedTest
        @EnumSource(SiteState.class)
        void nothingBecomesReloadingButRunning(SiteState from) {
            assertEquals(from == RUNNING, Lifecycle.allowed(from, RELOADING));
        }
    }

    @Nested
    class Groups {
        @Test
        void aliveStatesAreThoseThatMayHoldAGeneration() {
            assertEquals(EnumSet.of(STARTING, RUNNING, RELOADING, STOPPING), ALIVE);
        }

        @ParameterizedTest
        @EnumSource(SiteState.class)
        void everyStateHasARowInTheTable(SiteState from) {
            assertTrue(EnumSet.allOf(SiteState.class).stream().anyMatch(to -> Lifecycle.allowed(from, to)));
        }
    }

    @Nested
    class Actions {
        @ParameterizedTest
        @EnumSource(value = SiteState.class, names = {"STARTING", "RUNNING", "RELOADING", "BACKOFF", "FATAL"})
        void stopReachesEveryStateThatMayHoldAGeneration(SiteState from) {
            assertEquals(Lifecycle.Action.STOP_ALL, Lifecycle.action(from, Lifecycle.Event.STOP));
        }

        @Test
        void aStartOfABackingOffSiteForgetsItsFailures() {
            assertEquals(Lifecycle.Action.SPAWN_AFRESH, Lifecycle.action(BACKOFF, Lifecycle.Event.START));
        }

        @Test
        void aStartWhileStoppingWaitsForTheStop() {
            assertEquals(Lifecycle.Action.START_WHEN_STOPPED, Lifecycle.action(STOPPING, Lifecycle.Event.START));
        }

        @Test
        void aReloadOfAStoppedOrStoppingSiteDoesNothing() {
            assertEquals(Lifecycle.Action.IGNORE, Lifecycle.action(STOPPED, Lifecycle.Event.RELOAD));
            assertEquals(Lifecycle.Action.IGNORE, Lifecycle.action(STOPPING, Lifecycle.Event.RELOAD));
        }

        @Test
        void aReloadOfASiteThatCannotRunStartsIt() {
            assertEquals(Lifecycle.Action.SPAWN, Lifecycle.action(FATAL, Lifecycle.Event.RELOAD));
            assertEquals(Lifecycle.Action.SPAWN_AFRESH, Lifecycle.action(BACKOFF, Lifecycle.Event.RELOAD));
        }

        @Test
        void onlyAReloadingSiteHasANextGenerationToPromoteOrRollBack() {
            for (SiteState s : SiteState.values()) {
                assertEquals(s == RELOADING, Lifecycle.action(s, Lifecycle.Event.NEXT_ACCEPTING) == Lifecycle.Action.PROMOTE, s.toString());
                assertEquals(s == RELOADING, Lifecycle.action(s, Lifecycle.Event.NEXT_EXITED) == Lifecycle.Action.ROLL_BACK, s.toString());
            }
        }

        @Test
        void onlyAnIdleSiteIsStartedByAWaitingConnection() {
            for (SiteState s : SiteState.values()) {
                assertEquals(s == SiteState.IDLE ? Lifecycle.Action.SPAWN : Lifecycle.Action.IGNORE, Lifecycle.action(s, Lifecycle.Event.DEMAND),
                        s.toString());
            }
        }

        @Test
        void anOnDemandStartParksAStoppedOrFatalSiteAndAnIdleOneParksAgainOnItsFile() {
            assertEquals(Lifecycle.Action.PARK, Lifecycle.action(STOPPED, Lifecycle.Event.START_ON_DEMAND));
            assertEquals(Lifecycle.Action.PARK, Lifecycle.action(FATAL, Lifecycle.Event.START_ON_DEMAND));
            assertEquals(Lifecycle.Action.REPARK, Lifecycle.action(SiteState.IDLE, Lifecycle.Event.START_ON_DEMAND));
            assertEquals(Lifecycle.Action.STOP_ALL, Lifecycle.action(SiteState.IDLE, Lifecycle.Event.STOP));
            assertEquals(Lifecycle.Action.REPARK, Lifecycle.action(SiteState.IDLE, Lifecycle.Event.RELOAD));
        }

        @Test
        void onlyARunningSiteStopsToIdle() {
            for (SiteState s : SiteState.values()) {
                assertEquals(s == RUNNING, Lifecycle.action(s, Lifecycle.Event.IDLE_DUE) == Lifecycle.Action.STOP_TO_IDLE, s.toString());
            }
        }

        @Test
        void theLastExitEndsOnlyAStop() {
            for (SiteState s : SiteState.values()) {
                assertEquals(s == STOPPING, Lifecycle.action(s, Lifecycle.Event.GONE) != Lifecycle.Action.IGNORE, s.toString());
            }
        }
    }
}
