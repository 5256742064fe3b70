package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.CgroupLimits;
import io.uwsgid.config.OwnOptions;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteUsage;
import io.uwsgid.status.StatsReading;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Hang detection from stats readings, on the fake kernel's manual clock; health-timeout is 10 s unless a test sets it. */
class SiteHealthTest extends SiteScenario {
    static final Duration SECOND = Duration.ofSeconds(1);

    static SiteUsage.Stats stats(long requests, int busy, int workers, long queue) {
        return new SiteUsage.Stats(requests, 0, busy, workers - busy, workers, queue, 0, 0);
    }

    /** One reading a second for {@code seconds}. */
    void readings(int gen, int seconds, SiteUsage.Stats stats) {
        for (int i = 0; i < seconds; i++) {
            kernel.advance(SECOND);
            site.onHealth(StatsReading.polled(gen, stats));
        }
    }

    int runningGeneration() {
        f.running();
        site.onHealth(StatsReading.polled(1, stats(0, 0, 2, 0))); // the first reading starts the clock
        return kernel.lastPid();
    }

    @Nested
    class AHealthySite {
        @Test
        void anIdleSiteIsNeverHung() {
            runningGeneration();
            readings(1, 60, stats(0, 0, 2, 0));
            assertEquals(SiteState.RUNNING, site.state());
        }

        @Test
        void aBusySiteThatFinishesRequestsIsNotHung() {
            runningGeneration();
            for (int i = 1; i <= 60; i++) {
                readings(1, 1, stats(i * 100, 2, 2, 5));
            }
            assertEquals(SiteState.RUNNING, site.state());
        }

        @Test
        void silentHeartbeatsAreForgivenWhenTheStatsShowAFreeWorker() {
            runningGeneration();
            site.onHealth(new StatsReading(1, stats(7, 1, 2, 0), Duration.ofSeconds(60).toNanos()));
            assertEquals(SiteState.RUNNING, site.state());
        }

        @Test
        void aStatsServerSilentForLessThanTheTimeoutIsForgiven() {
            runningGeneration();
            readings(1, 9, null);
            readings(1, 1, stats(0, 0, 2, 0));
            readings(1, 9, null);
            assertEquals(SiteState.RUNNING, site.state());
        }
    }

    @Nested
    class AHungSite {
        @Test
        void aMasterSilentForTheTimeoutIsReplacedAndKilledOnceTheNewGenerationAccepts() {
            int old = runningGeneration();
            readings(1, 10, null); // silent from the first of these on: 9 s
            assertEquals(SiteState.RUNNING, site.state());
            readings(1, 1, null);
            assertEquals(SiteState.RELOADING, site.state());
            assertTrue(site.lastError().contains("has not answered on its stats socket for 10000 ms"), site.lastError());
            assertEquals(1, site.status().counters().hangs());
            assertFalse(kernel.kills.contains(new FakeKernel.Kill(old, Signals.KILL)), "the hung one serves until its replacement accepts");
            f.accepting(kernel.lastPid());
            assertEquals(SiteState.RUNNING, site.state());
            assertTrue(kernel.kills.contains(new FakeKernel.Kill(old, Signals.KILL)), "killed, not asked: " + kernel.kills);
        }

        @Test
        void workersThatAllStayBusyWithoutFinishingARequestAreHung() {
            runningGeneration();
            readings(1, 1, stats(7, 2, 2, 0)); // the last request that finished
            readings(1, 10, stats(7, 2, 2, 0)); // stuck from the first of these on: 9 s
            assertEquals(SiteState.RUNNING, site.state());
            readings(1, 1, stats(7, 2, 2, 3));
            assertEquals(SiteState.RELOADING, site.state());
            assertTrue(site.lastError().contains("no request finished for 10000 ms while 2 of 2 workers are busy"), site.lastError());
        }

        @Test
        void workersSilentWithTheMasterSilentToo() {
            runningGeneration();
            site.onHealth(new StatsReading(1, null, Duration.ofSeconds(15).toNanos()));
            assertEquals(SiteState.RELOADING, site.state());
            assertTrue(site.lastError().contains("none of its workers has come back for a request for 15000 ms (no heartbeat)")
                    && site.lastError().contains("its master has not answered on its stats socket"), site.lastError());
            assertEquals(1, site.status().counters().hangs());
        }

        @Test
        void workersSilentAndEveryOneBusy() {
            runningGeneration();
            site.onHealth(new StatsReading(1, stats(7, 2, 2, 4), Duration.ofSeconds(15).toNanos()));
            assertEquals(SiteState.RELOADING, site.state());
            assertTrue(site.lastError().contains("2 of 2 workers are busy and 4 connection(s) wait"), site.lastError());
        }

        @Test
        void aReplacementUnderWayIsNotStartedTwice() {
            runningGeneration();
            readings(1, 11, null);
            int spawned = kernel.spawned.size();
            readings(1, 30, null);
            assertEquals(spawned, kernel.spawned.size());
        }

        @Test
        void aZeroHealthTimeoutTurnsDetectionOff() {
            SiteConfig c = f.config;
            site.setConfig(new SiteConfig(c.name(), c.file(), c.options(), c.passthrough(), c.sockets(), c.identity(), c.pidFiles(),
                    c.logFile(), c.vacuum(), c.mercy(), c.startTimeout(), new OwnOptions(CgroupLimits.NONE, Duration.ZERO)));
            runningGeneration();
            readings(1, 120, null);
            assertEquals(SiteState.RUNNING, site.state());
        }

        @Test
        void aReadingOfAnOlderGenerationIsIgnored() {
            runningGeneration();
            readings(7, 30, null);
            assertEquals(SiteState.RUNNING, site.state());
        }
    }
}
