package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.CgroupLimits;
import io.uwsgid.config.OwnOptions;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteUsage;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** An on-demand site with idle = 60 s on the fake kernel: IDLE until a connection waits, back to IDLE after a quiet minute. */
class SiteOnDemandTest extends SiteScenario {
    static final Duration SECOND = Duration.ofSeconds(1);

    @BeforeEach
    void onDemand() {
        SiteConfig c = f.config;
        site = new Site("myproject", new SiteConfig(c.name(), c.file(), c.options(), c.passthrough(), c.sockets(), c.identity(), c.pidFiles(),
                c.logFile(), c.vacuum(), c.mercy(), c.startTimeout(),
                new OwnOptions(CgroupLimits.NONE, Duration.ZERO, true, Duration.ofSeconds(60))), kernel, f.daemon, SpawnCheck.NONE);
    }

    static SiteUsage.Stats stats(long requests, int busy) {
        return new SiteUsage.Stats(requests, 0, busy, 2 - busy, 2, 0, 0, 0);
    }

    int woken() {
        site.start("test");
        site.onDemand();
        int pid = kernel.lastPid();
        site.onEmperor(pid, Site.EMPEROR_ACCEPTING);
        return pid;
    }

    /** The master exits; the site hears of it as under the arbiter (reap, then tick). */
    void exits(int pid) {
        kernel.exit(pid, ExitStatus.exited(0));
        kernel.reap(pid).ifPresent(status -> site.onExit(pid, status));
        site.tick();
    }

    void readings(int seconds, SiteUsage.Stats s) {
        for (int i = 0; i < seconds; i++) {
            kernel.advance(SECOND);
            site.onHealth(io.uwsgid.status.StatsReading.polled(site.status().generation(), s));
        }
    }

    @Nested
    class Idle {
        @Test
        void startingBindsItsSocketsWatchesThemAndSpawnsNothing() {
            site.start("test");
            assertEquals(SiteState.IDLE, site.state());
            assertEquals(0, kernel.spawned.size());
            assertEquals(1, kernel.bound.size());
            assertEquals(Set.copyOf(kernel.bound), kernel.awaiting);
            assertEquals(0, site.status().pid());
        }

        @Test
        void aWaitingConnectionStartsIt() {
            site.start("test");
            site.onDemand();
            assertEquals(SiteState.STARTING, site.state());
            assertEquals(1, kernel.spawned.size());
            assertEquals(kernel.bound, kernel.lastSpawn().spec().sockets(), "the generation gets the socket the connection waits on");
            assertTrue(kernel.awaiting.isEmpty());
        }

        @Test
        void stoppingAnIdleSiteReleasesItsSockets() {
            site.start("test");
            site.stop("test");
            assertEquals(SiteState.STOPPED, site.state());
            assertTrue(kernel.awaiting.isEmpty());
            assertEquals(1, kernel.closed.size());
        }

        @Test
        void aReloadWhileIdleKeepsItIdleOnTheSameSocket() {
            site.start("test");
            site.reload("HUP");
            assertEquals(SiteState.IDLE, site.state());
            assertEquals(1, kernel.bound.size());
            assertEquals(0, kernel.spawned.size());
            assertEquals(Set.copyOf(kernel.bound), kernel.awaiting);
        }

        @Test
        void aFileThatIsNoLongerOnDemandStartsTheSite() {
            site.start("test");
            site.replaceConfig(f.config, "its file changed");
            assertEquals(SiteState.STARTING, site.state());
            assertTrue(kernel.awaiting.isEmpty());
        }

        @Test
        void aSocketFileLostWhileIdleIsBoundAgain() {
            site.start("test");
            kernel.lostSocketFiles.add(kernel.bound.get(0).address());
            site.upkeep().checkSockets();
            assertEquals(SiteState.IDLE, site.state());
            assertEquals(2, kernel.bound.size());
            assertEquals(Set.of(kernel.bound.get(1)), kernel.awaiting);
            assertEquals(1, kernel.closed.size());
        }

        @Test
        void aFileThatBecameInvalidLeavesAnIdleSiteIdleOnItsLastGoodFile() {
            site.start("test");
            site.invalidConfig("myproject.ini:3: broken");
            assertEquals(SiteState.IDLE, site.state());
            site.onDemand();
            assertEquals(SiteState.STARTING, site.state());
        }

        @Test
        void aConnectionWhileRunningChangesNothing() {
            woken();
            site.onDemand();
            assertEquals(SiteState.RUNNING, site.state());
            assertEquals(1, kernel.spawned.size());
        }
    }

    @Nested
    class BackToIdle {
        @Test
        void aMinuteWithoutARequestStopsItAndKeepsItsSocketsBound() {
            int pid = woken();
            readings(1, stats(5, 0));
            readings(59, stats(5, 0));
            assertEquals(SiteState.RUNNING, site.state());
            readings(1, stats(5, 0));
            assertEquals(SiteState.STOPPING, site.state());
            exits(pid);
            assertEquals(SiteState.IDLE, site.state());
            assertEquals(0, kernel.closed.size(), "its socket stays bound: connections queue until it starts again");
            assertEquals(Set.copyOf(kernel.bound), kernel.awaiting);
            site.onDemand();
            assertEquals(SiteState.STARTING, site.state());
            assertEquals(2, kernel.spawned.size());
        }

        @Test
        void aConnectionQueuedAtTheLastMomentKeepsItRunning() {
            woken();
            kernel.queued(kernel.bound.get(0), true);
            readings(120, stats(0, 0));
            assertEquals(SiteState.RUNNING, site.state());
            kernel.queued(kernel.bound.get(0), false);
            readings(1, stats(0, 0));
            assertEquals(SiteState.STOPPING, site.state());
        }

        @Test
        void requestsOrBusyWorkersKeepItRunning() {
            woken();
            for (int i = 0; i < 120; i++) {
                readings(1, stats(i / 30, 0)); // a request every 30 s
            }
            readings(120, stats(4, 1)); // one long request
            assertEquals(SiteState.RUNNING, site.state());
        }

        @Test
        void anOperatorStopDuringTheIdleStopStopsItForGood() {
            int pid = woken();
            readings(61, stats(0, 0));
            site.stop("operator");
            exits(pid);
            assertEquals(SiteState.STOPPED, site.state());
            assertTrue(kernel.awaiting.isEmpty());
        }
    }
}
