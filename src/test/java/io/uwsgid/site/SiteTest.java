package io.uwsgid.site;

import static io.uwsgid.site.SiteFixture.A_MOMENT;
import static io.uwsgid.site.SiteFixture.STABLE_AFTER;
import static io.uwsgid.site.SiteFixture.START_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.ChildSpec;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Starting, crashing, backing off and failing: see SiteStopTest, SiteReloadTest and SiteSpawnFailureTest for the rest. */
class SiteTest extends SiteScenario {
    /** uWSGI's byte for "spawned, app loaded": not yet accepting. */
    private static final int EMPEROR_SPAWNED = 1;

    @Nested
    class Starting {
        @Test
        void startSpawnsGenerationOneWithItsSocketsAsFdsAndWritesThePidFile() {
            site.start("test");
            ChildSpec spec = kernel.lastSpawn().spec();
            int pid = kernel.lastPid();
            assertAll(
                    () -> assertEquals(SiteState.STARTING, site.state()),
                    () -> assertEquals(1, kernel.spawned.size()),
                    () -> assertEquals(1, site.status().generation()),
                    () -> assertEquals(pid, site.status().pid()),
                    () -> assertEquals(kernel.bound, spec.sockets()),
                    () -> assertEquals(List.of(dir.resolve("myproject.sock")), spec.sockets().stream().map(s -> s.path()).toList()),
                    () -> assertEquals("/usr/bin/setpriv", spec.path()),
                    () -> assertEquals(pid + "\n", f.pidFileContent()),
                    () -> assertEquals(0644, kernel.lastWrite(SiteFixture.pidFile(dir)).mode()));
        }

        @Test
        void startingSiteBecomesRunningWhenItSaysAccepting() {
            site.start("test");
            f.accepting(kernel.lastPid());
            assertEquals(SiteState.RUNNING, site.state());
        }

        @Test
        void startingSiteIsNotRunningWhenItOnlySaysSpawned() {
            site.start("test");
            site.onEmperor(kernel.lastPid(), EMPEROR_SPAWNED);
            assertEquals(SiteState.STARTING, site.state());
        }

        @Test
        void startOpensTheSiteLogThroughTheKernel() {
            site.start("test");
            assertEquals(List.of(new FakeKernel.LogOpened("myproject", dir.resolve("myproject.log"), 65534)), kernel.logsOpened);
        }
    }

    @Nested
    class Crashing {
        @Test
        void transitionRunningToStartingWhenCrashedOnce() {
            int first = f.running();
            f.exits(first, ExitStatus.killed(Signals.KILL));
            assertAll(
                    () -> assertEquals(SiteState.STARTING, site.state()),
                    () -> assertEquals(2, kernel.spawned.size()),
                    () -> assertEquals(2, site.status().generation()),
                    () -> assertEquals(1, site.status().counters().crashes()),
                    () -> assertEquals(ExitStatus.killed(Signals.KILL), site.status().lastExit()),
                    () -> assertEquals(1, kernel.bound.size(), "the socket is kept across generations"),
                    () -> assertEquals(kernel.lastPid() + "\n", f.pidFileContent()));
        }

        @Test
        void transitionRunningToBackoffWhenCrashedTwiceInARow() {
            crashRunning();
            crashRunning();
            assertEquals(SiteState.BACKOFF, site.state());
            assertEquals(Duration.ofSeconds(1).toNanos(), f.untilRetry());
            assertEquals(2, kernel.spawned.size(), "no spawn while backing off");
        }

        @Test
        void backoffDoublesOnEveryFastFailureUpToTheCapAndNeverMore() {
            crashRunning();
            crashRunning();
            for (long seconds : new long[] {2, 4, 8, 8, 8}) {
                f.passes(Duration.ofNanos(f.untilRetry()));
                crashRunning();
                assertEquals(Duration.ofSeconds(seconds).toNanos(), f.untilRetry(), "delay after " + kernel.spawned.size() + " spawns");
            }
        }

        @Test
        void backoffSiteRetriesWhenTheClockPassesRetryAt() {
            crashRunning();
            crashRunning();
            f.passes(Duration.ofSeconds(1).minusNanos(1));
            assertEquals(SiteState.BACKOFF, site.state());
            f.passes(Duration.ofNanos(1));
            assertEquals(SiteState.STARTING, site.state());
            assertEquals(3, kernel.spawned.size());
        }

        @Test
        void backoffSiteKeepsItsSocketsSoConnectionsWaitInTheBacklog() {
            crashRunning();
            crashRunning();
            assertEquals(SiteState.BACKOFF, site.state());
            assertEquals(List.of(), kernel.closed, "the master holds the socket for the site's whole life");
            f.passes(Duration.ofSeconds(1));
            assertEquals(1, kernel.bound.size(), "the retry gets the same socket, not a new bind");
        }

        @Test
        void crashCountResetsAfterStableAfterOfRunning() {
            crashRunning();
            f.accepting(kernel.lastPid());
            f.passes(STABLE_AFTER.plus(A_MOMENT));
            crashRunning();
            assertEquals(SiteState.STARTING, site.state(), "a crash after a stable run respawns at once");
        }

        @Test
        void crashCountIsKeptWhileTheRunIsNotStableYet() {
            crashRunning();
            f.accepting(kernel.lastPid());
            f.passes(STABLE_AFTER);
            crashRunning();
            assertEquals(SiteState.BACKOFF, site.state());
        }

        @Test
        void cleanExitNotAskedForIsAnOperatorStopAndIsNeverRespawned() {
            int pid = f.running();
            f.exits(pid, ExitStatus.exited(0));
            for (int i = 0; i < 100; i++) {
                f.passes(Duration.ofSeconds(10));
            }
            assertAll(
                    () -> assertEquals(SiteState.STOPPED, site.state()),
                    () -> assertEquals(1, kernel.spawned.size()),
                    () -> assertEquals(List.of(new FakeKernel.PidFileRemoval(SiteFixture.pidFile(dir), pid)), kernel.pidFileRemovals),
                    () -> assertEquals(List.of(new FakeKernel.Closed(kernel.bound.get(0), true)), kernel.closed));
        }

        /** Starts the site if it is not yet, makes the current generation accept (if it has not), then kills it. */
        private void crashRunning() {
            if (kernel.spawned.isEmpty()) {
                site.start("test");
            }
            int pid = kernel.lastPid();
            f.accepting(pid);
            f.exits(pid, ExitStatus.killed(Signals.KILL));
        }
    }

    @Nested
    class FailingToStart {
        @Test
        void transitionStartingToFatalWhenUwsgiRefusesItsConfiguration() {
            site.start("test");
            int pid = kernel.lastPid();
            kernel.tail(pid, "unable to load configuration", "*** no such option: procesess ***");
            f.exits(pid, ExitStatus.exited(1));
            assertAll(
                    () -> assertEquals(SiteState.FATAL, site.state()),
                    () -> assertTrue(site.lastError().contains("exit 1"), site.lastError()),
                    () -> assertTrue(site.lastError().contains("no such option: procesess"), site.lastError()),
                    () -> assertEquals(kernel.bound, kernel.closed.stream().map(FakeKernel.Closed::socket).toList(), "FATAL releases the sockets"),
                    () -> assertEquals(1, kernel.logsClosed.size()));
            f.passes(Duration.ofMinutes(10));
            assertEquals(1, kernel.spawned.size(), "FATAL is never retried by time alone");
        }

        @Test
        void fatalSiteStartsAgainWhenItsFileIsReplaced() {
            site.start("test");
            f.exits(kernel.lastPid(), ExitStatus.exited(1));
            site.replaceConfig(SiteFixture.siteConfig(dir, true, "processes = 4"), "file changed");
            assertEquals(SiteState.STARTING, site.state());
            assertEquals(2, kernel.spawned.size());
            assertEquals(2, kernel.bound.size(), "binds again what FATAL released");
        }

        @Test
        void transitionStartingToBackoffWhenTheAppFailsToImport() {
            site.start("test");
            f.exits(kernel.lastPid(), ExitStatus.exited(22));
            assertEquals(SiteState.BACKOFF, site.state());
            assertEquals(1, kernel.spawned.size());
        }

        @Test
        void startingSiteIsKilledOnceWhenItNeverAcceptsWithinItsStartTimeout() {
            site.start("test");
            int pid = kernel.lastPid();
            f.passes(START_TIMEOUT);
            assertEquals(0, kernel.killsOf(pid, Signals.KILL), "not before the timeout");
            f.passes(A_MOMENT);
            f.passes(A_MOMENT);
            assertEquals(1, kernel.killsOf(pid, Signals.KILL));
        }

        @Test
        void transitionStartingToBackoffWhenItWasKilledForNeverAccepting() {
            site.start("test");
            int pid = kernel.lastPid();
            f.passes(START_TIMEOUT.plus(A_MOMENT));
            f.exits(pid, ExitStatus.killed(Signals.KILL));
            assertEquals(SiteState.BACKOFF, site.state());
        }

        @Test
        void lastErrorOfAStartKilledForNeverAcceptingSaysSoAfterItsExit() {
            site.start("test");
            int pid = kernel.lastPid();
            f.passes(START_TIMEOUT.plus(A_MOMENT));
            f.exits(pid, ExitStatus.killed(Signals.KILL));
            assertTrue(site.lastError().contains("was not accepting requests after 60 s"), site.lastError());
        }
    }

    @Nested
    class InvalidConfig {
        @Test
        void invalidConfigKeepsARunningSiteRunning() {
            int pid = f.running();
            site.invalidConfig("myproject.ini:3: user 'ngnix' does not exist");
            assertEquals(SiteState.RUNNING, site.state());
            assertEquals(pid, site.status().pid());
            assertTrue(kernel.kills.isEmpty() && kernel.emperorSent.isEmpty());
            assertEquals("myproject.ini:3: user 'ngnix' does not exist", site.lastError());
        }

        @Test
        void invalidConfigOnANeverValidSiteIsFatal() {
            Site broken = new Site("broken", null, kernel, f.daemon, SpawnCheck.NONE);
            broken.invalidConfig("broken.ini: no uid");
            assertEquals(SiteState.FATAL, broken.state());
            assertEquals("broken.ini: no uid", broken.lastError());
            broken.start("operator");
            assertEquals(SiteState.FATAL, broken.state());
            assertFalse(broken.alive());
        }
    }
}
