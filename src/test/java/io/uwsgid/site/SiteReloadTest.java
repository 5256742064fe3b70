package io.uwsgid.site;

import static io.uwsgid.site.SiteFixture.A_MOMENT;
import static io.uwsgid.site.SiteFixture.MERCY;
import static io.uwsgid.site.SiteFixture.SOCKET_MOVE_GRACE;
import static io.uwsgid.site.SiteFixture.START_TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** uwsgictl reload and SIGHUP to the master: a new generation on fresh sockets at the same paths, the old one serving until it accepts. */
class SiteReloadTest extends SiteScenario {
    int first;

    @BeforeEach
    void startFirstGeneration() {
        first = f.running();
    }

    @Nested
    class Reloading {
        @Test
        void transitionRunningToReloadingSpawnsGenerationTwoOnAFreshSocketNobodyCanReachYet() {
            site.reload("operator");
            assertAll(
                    () -> assertEquals(SiteState.RELOADING, site.state()),
                    () -> assertEquals(2, kernel.spawned.size()),
                    () -> assertEquals(2, kernel.bound.size(), "a socket of its own"),
                    () -> assertEquals(kernel.bound.get(0).address(), kernel.bound.get(1).address(), "at the same path"),
                    () -> assertEquals(List.of(kernel.bound.get(1)), kernel.lastSpawn().spec().sockets()),
                    () -> assertEquals(List.of(kernel.bound.get(0)), kernel.published, "the path still reaches generation 1"),
                    () -> assertEquals(List.of(), kernel.closed),
                    () -> assertEquals(List.of(first, kernel.lastPid()), site.pids()));
        }

        @Test
        void reloadingSiteKeepsGenerationOneServingUntilGenerationTwoAccepts() {
            site.reload("operator");
            f.passes(START_TIMEOUT);
            assertAll(
                    () -> assertEquals(first, site.status().pid()),
                    () -> assertEquals(List.of(), kernel.bytesSentTo(first)),
                    () -> assertEquals(0, kernel.kills.size()),
                    () -> assertEquals(List.of(kernel.bound.get(0)), kernel.published),
                    () -> assertEquals(first + "\n", f.pidFileContent()));
        }

        @Test
        void transitionReloadingToRunningMovesGenerationTwosSocketToThePathThenStopsGenerationOne() {
            site.reload("operator");
            int second = kernel.lastPid();
            f.accepting(second);
            assertAll(
                    () -> assertEquals(SiteState.RUNNING, site.state()),
                    () -> assertEquals(second, site.status().pid()),
                    () -> assertEquals(2, site.status().generation()),
                    () -> assertEquals(List.of(kernel.bound.get(0), kernel.bound.get(1)), kernel.published),
                    () -> assertEquals(second + "\n", f.pidFileContent()));
            f.passes(Children.DRAIN_POLL);
            assertEquals(List.of(Site.EMPEROR_STOP), kernel.bytesSentTo(first), "its socket is unreachable and its queue empty");
            assertEquals(List.of(), kernel.bytesSentTo(second));
        }

        @Test
        void generationOneIsAskedToStopOnlyOnceItHasTakenTheConnectionsQueuedOnItsSocket() {
            site.reload("operator");
            kernel.queued(kernel.bound.get(0), true);
            f.accepting(kernel.lastPid());
            f.passes(Duration.ofSeconds(5));
            assertEquals(List.of(), kernel.bytesSentTo(first), "a connection still waits for it");
            kernel.queued(kernel.bound.get(0), false);
            f.passes(Children.DRAIN_POLL);
            assertEquals(List.of(Site.EMPEROR_STOP), kernel.bytesSentTo(first));
        }

        @Test
        void aQueueThatNeverEmptiesStopsGenerationOneAfterItsMercyTimeAnyway() {
            site.reload("operator");
            kernel.queued(kernel.bound.get(0), true);
            f.accepting(kernel.lastPid());
            f.passes(MERCY);
            assertEquals(List.of(), kernel.bytesSentTo(first));
            f.passes(Children.DRAIN_POLL);
            f.passes(Children.DRAIN_POLL);
            assertEquals(List.of(Site.EMPEROR_STOP), kernel.bytesSentTo(first));
        }

        @Test
        void retiredGenerationsExitIsJustARetirementAndClosesItsSocket() {
            site.reload("operator");
            int second = kernel.lastPid();
            f.accepting(second);
            f.passes(Children.DRAIN_POLL);
            f.exits(first, ExitStatus.exited(0));
            assertAll(
                    () -> assertEquals(SiteState.RUNNING, site.state()),
                    () -> assertEquals(List.of(second), site.pids()),
                    () -> assertEquals(2, kernel.spawned.size()),
                    () -> assertEquals(0, site.status().counters().crashes()),
                    () -> assertEquals(null, site.status().lastExit()),
                    () -> assertEquals(List.of(), kernel.pidFileRemovals),
                    () -> assertEquals(List.of(new FakeKernel.Closed(kernel.bound.get(0), true)), kernel.closed,
                            "its file is removed only if still its own (the kernel checks the inode): here it is generation 2's"));
        }

        @Test
        void retiringGenerationIsKilledOnceAfterItsMercyTime() {
            site.reload("operator");
            f.accepting(kernel.lastPid());
            f.passes(Children.DRAIN_POLL);
            f.passes(MERCY);
            assertEquals(0, kernel.killsOf(first, Signals.KILL));
            f.passes(A_MOMENT);
            f.passes(A_MOMENT);
            assertEquals(1, kernel.killsOf(first, Signals.KILL));
        }

        @Test
        void aSocketThatCannotBeMovedIntoPlaceFailsTheReloadAndGenerationOneServesOn() {
            site.reload("operator");
            int second = kernel.lastPid();
            kernel.failPublishing(new io.uwsgid.os.OsException(2, "rename: No such file or directory"));
            f.accepting(second);
            assertAll(
                    () -> assertEquals(SiteState.RUNNING, site.state()),
                    () -> assertEquals(first, site.status().pid()),
                    () -> assertTrue(site.lastError().contains("cannot move its socket into place"), site.lastError()),
                    () -> assertEquals(List.of(Site.EMPEROR_STOP), kernel.bytesSentTo(second)),
                    () -> assertEquals(List.of(), kernel.bytesSentTo(first)),
                    () -> assertEquals(first + "\n", f.pidFileContent()));
        }

        @Test
        void aTcpSocketCannotBeRenamedSoGenerationTwoSharesItAndGenerationOneStopsAtOnce() {
            SiteFixture tcp = new SiteFixture(dir);
            tcp.site.setConfig(SiteFixture.tcpSiteConfig(dir, "127.0.0.1:8001"));
            int one = tcp.running();
            tcp.site.reload("operator");
            tcp.accepting(tcp.kernel.lastPid());
            assertAll(
                    () -> assertEquals(1, tcp.kernel.bound.size(), "no new bind"),
                    () -> assertEquals(tcp.kernel.spawned.get(0).spec().sockets(), tcp.kernel.lastSpawn().spec().sockets()),
                    () -> assertEquals(List.of(Site.EMPEROR_STOP), tcp.kernel.bytesSentTo(one)));
        }

        @Test
        void stopAfterAReloadRemovesThePidFileNamingGenerationTwo() {
            site.reload("operator");
            int second = kernel.lastPid();
            f.accepting(second);
            f.exits(first, ExitStatus.exited(0));
            site.stop("operator");
            f.exits(second, ExitStatus.exited(0));
            assertEquals(SiteState.STOPPED, site.state());
            assertEquals(List.of(new FakeKernel.PidFileRemoval(SiteFixture.pidFile(dir), second)), kernel.pidFileRemovals);
        }
    }

    @Nested
    class MovingSockets {
        private SiteConfig moved() {
            return SiteFixture.siteConfig(dir, "myproject-v2.sock", true);
        }

        @Test
        void fileWithANewSocketReloadsOntoItWhileGenerationOneKeepsTheOldOne() {
            site.replaceConfig(moved(), "file changed");
            assertAll(
                    () -> assertEquals(SiteState.RELOADING, site.state()),
                    () -> assertEquals(2, kernel.bound.size()),
                    () -> assertEquals(List.of(kernel.bound.get(1)), kernel.lastSpawn().spec().sockets()),
                    () -> assertEquals(List.of(), kernel.closed));
        }

        @Test
        void generationOneServesTheOldSocketForTheGraceTimeThenRetiresAndItIsRemoved() {
            site.replaceConfig(moved(), "file changed");
            f.accepting(kernel.lastPid());
            assertEquals(SiteState.RUNNING, site.state());
            f.passes(SOCKET_MOVE_GRACE.minus(A_MOMENT));
            assertEquals(List.of(), kernel.bytesSentTo(first), "clients still use the old socket");
            f.passes(A_MOMENT);
            assertEquals(List.of(Site.EMPEROR_STOP), kernel.bytesSentTo(first));
            f.exits(first, ExitStatus.exited(0));
            assertEquals(List.of(new FakeKernel.Closed(kernel.bound.get(0), true)), kernel.closed);
            assertEquals(List.of(dir.resolve("myproject-v2.sock").toString()), site.status().sockets());
        }

        @Test
        void aRemovedSocketFileIsBoundAgainAndTheUnreachableGenerationRetiresAtOnce() {
            kernel.lostSocketFiles.add(kernel.bound.get(0).address());
            site.upkeep().checkSockets();
            assertEquals(SiteState.RELOADING, site.state());
            assertEquals(2, kernel.bound.size(), "a new socket at the same path");
            f.accepting(kernel.lastPid());
            f.passes(Children.DRAIN_POLL);
            assertEquals(List.of(Site.EMPEROR_STOP), kernel.bytesSentTo(first), "no grace: nothing can reach the old socket");
            f.exits(first, ExitStatus.exited(0));
            assertEquals(List.of(new FakeKernel.Closed(kernel.bound.get(0), true)), kernel.closed);
        }

        @Test
        void failedReloadOntoANewSocketReleasesItAndKeepsTheOldOne() {
            site.replaceConfig(moved(), "file changed");
            f.exits(kernel.lastPid(), ExitStatus.exited(22));
            assertAll(
                    () -> assertEquals(SiteState.RUNNING, site.state()),
                    () -> assertEquals(first, site.status().pid()),
                    () -> assertEquals(List.of(new FakeKernel.Closed(kernel.bound.get(1), true)), kernel.closed),
                    () -> assertEquals(List.of(dir.resolve("myproject.sock").toString()), site.status().sockets()));
        }
    }

    @Nested
    class FailedReload {
        @Test
        void transitionReloadingToRunningWhenGenerationTwoExitsBeforeAccepting() {
            site.reload("operator");
            int second = kernel.lastPid();
            kernel.tail(second, "ModuleNotFoundError: No module named 'app'");
            f.exits(second, ExitStatus.exited(22));
            assertAll(
                    () -> assertEquals(SiteState.RUNNING, site.state()),
                    () -> assertEquals(first, site.status().pid()),
                    () -> assertEquals(List.of(), kernel.bytesSentTo(first), "generation 1 is not touched"),
                    () -> assertEquals(0, kernel.killsOf(first, Signals.KILL)),
                    () -> assertTrue(site.lastError().startsWith("reload failed"), site.lastError()),
                    () -> assertTrue(site.lastError().contains("No module named 'app'"), site.lastError()),
                    () -> assertEquals(first + "\n", f.pidFileContent()),
                    () -> assertEquals(2, kernel.spawned.size(), "a failed reload is not retried"));
        }

        @Test
        void reloadThatNeverAcceptsIsKilledAndGenerationOneKeepsServing() {
            site.reload("operator");
            int second = kernel.lastPid();
            f.passes(START_TIMEOUT.plus(A_MOMENT));
            assertEquals(1, kernel.killsOf(second, Signals.KILL));
            f.exits(second, ExitStatus.killed(Signals.KILL));
            assertAll(
                    () -> assertEquals(SiteState.RUNNING, site.state()),
                    () -> assertEquals(first, site.status().pid()),
                    () -> assertEquals(List.of(), kernel.bytesSentTo(first)),
                    () -> assertEquals(0, kernel.killsOf(first, Signals.KILL)),
                    () -> assertTrue(site.lastError().startsWith("reload failed"), site.lastError()));
        }

        @Test
        void crashOfGenerationOneDuringAReloadRespawnsAndRetiresGenerationTwo() {
            site.reload("operator");
            int second = kernel.lastPid();
            f.exits(first, ExitStatus.killed(Signals.KILL));
            assertEquals(SiteState.STARTING, site.state());
            assertEquals(List.of(Site.EMPEROR_STOP), kernel.bytesSentTo(second));
            assertEquals(3, kernel.spawned.size());
        }

        @Test
        void reloadWhoseSpawnFailsKeepsTheSiteRunning() {
            kernel.failSpawns(new io.uwsgid.os.OsException(11, "posix_spawn: Resource temporarily unavailable"));
            site.reload("operator");
            assertEquals(SiteState.RUNNING, site.state());
            assertEquals(first, site.status().pid());
            assertTrue(site.lastError().contains("Resource temporarily unavailable"), site.lastError());
        }
    }

    @Test
    void aReloadOntoANewPidFilePathMovesThePidFileAndRemovesTheOldOne() {
        int first = f.running();
        SiteConfig c = f.config;
        Path moved = dir.resolve("moved.pid");
        site.replaceConfig(new SiteConfig(c.name(), c.file(), c.options(), c.passthrough(), c.sockets(), c.identity(), List.of(moved),
                c.logFile(), c.vacuum(), c.mercy(), c.startTimeout()), "file changed");
        int second = kernel.lastPid();
        f.accepting(second);
        assertAll(
                () -> assertEquals(second + "\n", kernel.files.get(moved)),
                () -> assertEquals(List.of(new FakeKernel.PidFileRemoval(SiteFixture.pidFile(dir), first)), kernel.pidFileRemovals,
                        "the old path named the old generation: removed"));
        site.stop("test");
        f.exits(first, io.uwsgid.os.ExitStatus.exited(0));
        f.exits(second, io.uwsgid.os.ExitStatus.exited(0));
        assertEquals(new FakeKernel.PidFileRemoval(moved, second), kernel.pidFileRemovals.get(kernel.pidFileRemovals.size() - 1));
    }
}
