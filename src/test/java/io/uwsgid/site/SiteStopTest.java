package io.uwsgid.site;

import static io.uwsgid.site.SiteFixture.A_MOMENT;
import static io.uwsgid.site.SiteFixture.MERCY;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SiteStopTest extends SiteScenario {

    @Nested
    class AskingToStop {
        @Test
        void transitionRunningToStoppingWithEmperorByteTwo() {
            int pid = f.running();
            site.stop("operator");
            assertEquals(SiteState.STOPPING, site.state());
            assertEquals(List.of(Site.EMPEROR_STOP), kernel.bytesSentTo(pid));
            assertTrue(kernel.kills.isEmpty());
        }

        @Test
        void stopFallsBackToSigintWhenTheChildCannotHearTheEmperor() {
            int pid = f.running();
            kernel.deafen(pid);
            site.stop("operator");
            assertEquals(1, kernel.killsOf(pid, Signals.INT));
        }

        @Test
        void stoppingSiteThatSaysAcceptingLateIsNotRunningAgain() {
            site.start("test");
            int pid = kernel.lastPid();
            site.stop("operator");
            f.accepting(pid);
            assertEquals(SiteState.STOPPING, site.state());
        }

        @Test
        void stopOfABackoffSiteIsImmediateAndItIsNotRetried() {
            int pid = f.running();
            f.exits(pid, ExitStatus.killed(Signals.KILL));
            f.accepting(kernel.lastPid());
            f.exits(kernel.lastPid(), ExitStatus.killed(Signals.KILL));
            site.stop("operator");
            f.passes(Duration.ofMinutes(5));
            assertEquals(SiteState.STOPPED, site.state());
            assertEquals(2, kernel.spawned.size());
        }
    }

    @Nested
    class Escalating {
        @Test
        void stoppingSiteIsKilledExactlyOnceAfterItsMercyTime() {
            int pid = f.running();
            site.stop("operator");
            f.passes(MERCY);
            assertEquals(0, kernel.killsOf(pid, Signals.KILL), "not before the mercy time");
            f.passes(A_MOMENT);
            assertEquals(1, kernel.killsOf(pid, Signals.KILL));
            for (int i = 0; i < 10; i++) {
                f.passes(Duration.ofSeconds(5));
            }
            assertEquals(1, kernel.killsOf(pid, Signals.KILL), "killed once, not once a tick");
            assertEquals(SiteState.STOPPING, site.state(), "stopping until the exit is reaped");
        }

        @Test
        void killedStoppingSiteBecomesStoppedNotBackoff() {
            int pid = f.running();
            site.stop("operator");
            f.passes(MERCY.plus(A_MOMENT));
            f.exits(pid, ExitStatus.killed(Signals.KILL));
            assertEquals(SiteState.STOPPED, site.state());
            assertEquals(1, kernel.spawned.size());
        }
    }

    @Nested
    class Stopped {
        @Test
        void transitionStoppingToStoppedWhenItExitsRemovingPidFileAndSockets() {
            int pid = f.running();
            site.stop("operator");
            f.exits(pid, ExitStatus.exited(0));
            assertAll(
                    () -> assertEquals(SiteState.STOPPED, site.state()),
                    () -> assertFalse(site.alive()),
                    () -> assertEquals(List.of(), site.pids()),
                    () -> assertEquals(List.of(new FakeKernel.PidFileRemoval(SiteFixture.pidFile(dir), pid)), kernel.pidFileRemovals),
                    () -> assertEquals(null, f.pidFileContent()),
                    () -> assertEquals(List.of(new FakeKernel.Closed(kernel.bound.get(0), true)), kernel.closed),
                    () -> assertEquals(1, kernel.logsClosed.size()));
        }

        @Test
        void stoppedSiteLeavesItsSocketFileWithoutVacuum() {
            SiteFixture keep = new SiteFixture(dir, false);
            int pid = keep.running();
            keep.site.stop("operator");
            keep.exits(pid, ExitStatus.exited(0));
            assertEquals(List.of(new FakeKernel.Closed(keep.kernel.bound.get(0), false)), keep.kernel.closed);
        }

        @Test
        void pidFileRewrittenBySomebodyElseIsLeftAlone() {
            int pid = f.running();
            site.stop("operator");
            kernel.files.put(SiteFixture.pidFile(dir), "4242\n");
            f.exits(pid, ExitStatus.exited(0));
            assertEquals(pid, kernel.pidFileRemovals.get(0).pid(), "asks to remove it only while it names " + pid);
            assertEquals("4242\n", f.pidFileContent());
        }

        @Test
        void startWhileStoppingStartsAgainOnceStopped() {
            int pid = f.running();
            site.stop("operator");
            site.start("operator");
            assertEquals(1, kernel.spawned.size(), "not while the old one still holds on");
            f.exits(pid, ExitStatus.exited(0));
            assertEquals(SiteState.STARTING, site.state());
            assertEquals(2, kernel.spawned.size());
        }

        @Test
        void stoppedSiteStartsAgainOnRequest() {
            int pid = f.running();
            site.stop("operator");
            f.exits(pid, ExitStatus.exited(0));
            site.start("operator");
            assertEquals(SiteState.STARTING, site.state());
            assertEquals(kernel.lastPid() + "\n", f.pidFileContent());
        }
    }
}
