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

class SiteStateTest {
    @Nested
    class Allowed {
        @Test
        void stoppedCanBecomeStarting() {
            assertTrue(STOPPED.canBecome(STARTING));
        }

        @Test
        void startingCanBecomeRunningOnceItAccepts() {
            assertTrue(STARTING.canBecome(RUNNING));
        }

        @Test
        void runningCanBecomeReloadingAndReloadingRunningAgain() {
            assertTrue(RUNNING.canBecome(RELOADING));
            assertTrue(RELOADING.canBecome(RUNNING));
        }

        @Test
        void backoffCanBecomeStartingWhenItRetries() {
            assertTrue(BACKOFF.canBecome(STARTING));
        }

        @Test
        void fatalCanBecomeStartingWhenItsFileIsFixed() {
            assertTrue(FATAL.canBecome(STARTING));
        }

        @ParameterizedTest
        @EnumSource(value = SiteState.class, names = {"STARTING", "RUNNING", "RELOADING"})
        void everyStateWithALiveGenerationCanBecomeStopping(SiteState from) {
            assertTrue(from.canBecome(STOPPING));
        }
    }

    @Nested
    class Refused {
        @Test
        void stoppingCannotBecomeRunning() {
            assertFalse(STOPPING.canBecome(RUNNING));
        }

        @Test
        void stoppingCanOnlyBecomeStopped() {
            assertEquals(EnumSet.of(STOPPED), EnumSet.allOf(SiteState.class).stream().filter(STOPPING::canBecome)
                    .collect(() -> EnumSet.noneOf(SiteState.class), EnumSet::add, EnumSet::addAll));
        }

        @Test
        void stoppedCannotBecomeRunningWithoutStarting() {
            assertFalse(STOPPED.canBecome(RUNNING));
        }

        @Test
        void backoffCannotBecomeRunningWithoutStarting() {
            assertFalse(BACKOFF.canBecome(RUNNING));
        }

        @ParameterizedTest
        @EnumSource(SiteState.class)
        void nothingBecomesReloadingButRunning(SiteState from) {
            assertEquals(from == RUNNING, from.canBecome(RELOADING));
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
            assertTrue(EnumSet.allOf(SiteState.class).stream().anyMatch(from::canBecome));
        }
    }
}
