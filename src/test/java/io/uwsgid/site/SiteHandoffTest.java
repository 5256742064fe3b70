package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.ChildPipes;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.ListeningSocket;
import io.uwsgid.os.Proc;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A running site handed to the next uwsgid, and taken over there, as the fake kernel sees it. */
class SiteHandoffTest extends SiteScenario {
    private SiteHandoff handed(int pid) {
        ListeningSocket socket = new ListeningSocket("socket", dir.resolve("myproject.sock").toString(), 9, dir.resolve("myproject.sock"), 1, 77);
        return new SiteHandoff("myproject", 4, pid, new ChildPipes(7, 8), List.of(socket), site.config().optionPairs());
    }

    @Nested
    class HandingOver {
        @Test
        void aRunningSiteHandsOverItsServingGenerationAndStopsReadingItsPipes() {
            int pid = f.running();
            SiteHandoff h = site.handingOver().handOff().orElseThrow();
            assertAll(
                    () -> assertEquals(pid, h.pid()),
                    () -> assertEquals(1, h.generation()),
                    () -> assertEquals(new ChildPipes(100 + pid, 200 + pid), h.pipes()),
                    () -> assertEquals(List.of(dir.resolve("myproject.sock").toString()), h.sockets().stream().map(ListeningSocket::address).toList()),
                    () -> assertEquals(List.of(pid), kernel.detached));
        }

        @Test
        void aSiteThatIsReloadingOrStartingIsNotHandedOver() {
            site.start("test");
            assertTrue(site.handingOver().handOff().isEmpty(), "starting");
            f.accepting(kernel.lastPid());
            site.reload("test");
            assertTrue(site.handingOver().handOff().isEmpty(), "reloading");
            assertEquals(List.of(), kernel.detached);
        }

        @Test
        void aSiteWhoseOldGenerationStillDrainsIsNotHandedOverUntilItHasExited() {
            int first = f.running();
            site.reload("test");
            int second = kernel.lastPid();
            f.accepting(second);
            assertEquals(SiteState.RUNNING, site.state());
            assertTrue(site.handingOver().handOff().isEmpty(), "generation 1 still retiring");
            f.exits(first, ExitStatus.exited(0));
            assertEquals(second, site.handingOver().handOff().orElseThrow().pid());
        }
    }

    @Nested
    class TakingOver {
        @Test
        void theHandedOverGenerationBecomesTheRunningOneWithoutASpawn() {
            assertTrue(site.handingOver().adopt(handed(4242), false));
            assertAll(
                    () -> assertEquals(SiteState.RUNNING, site.state()),
                    () -> assertEquals(4242, site.status().pid()),
                    () -> assertEquals(4, site.status().generation()),
                    () -> assertEquals(List.of(), kernel.spawned),
                    () -> assertEquals(List.of(new FakeKernel.Adopted(4242, new ChildPipes(7, 8), false)), kernel.adopted),
                    () -> assertEquals("4242\n", f.pidFileContent()));
        }

        @Test
        void theNextReloadIsGenerationFiveAndRetiresTheOneTakenOver() {
            site.handingOver().adopt(handed(4242), true);
            site.reload("test");
            int next = kernel.lastPid();
            f.accepting(next);
            f.passes(java.time.Duration.ofMillis(100));
            assertAll(
                    () -> assertEquals(5, site.status().generation()),
                    () -> assertEquals(List.of(new FakeKernel.Emperor(4242, Site.EMPEROR_STOP)), kernel.emperorSent));
        }

        @Test
        void aHandedOverGenerationThatDoesNotRunAsItsFileSaysIsKilledAndNotTaken() {
            kernel.runAs(new Proc.Status(0, 0, 0, 0, 0, List.of(0), true, 0));
            assertFalse(site.handingOver().adopt(handed(4242), false));
            assertAll(
                    () -> assertEquals(SiteState.STOPPED, site.state()),
                    () -> assertTrue(kernel.kills.contains(new FakeKernel.Kill(4242, Signals.KILL)), kernel.kills.toString()),
                    () -> assertEquals(List.of(4242), site.pids(), "kept until it is reaped"));
        }

        @Test
        void whenItsMasterEndsTheSiteRecoversAsAfterAnyCrash() {
            site.handingOver().adopt(handed(4242), false);
            f.exits(4242, ExitStatus.unknown());
            assertAll(
                    () -> assertEquals(SiteState.STARTING, site.state(), "the first crash of a serving generation respawns at once"),
                    () -> assertEquals(1, kernel.spawned.size()));
        }
    }

    @Test
    void aHandedOverSocketThatNoLongerMatchesTheFileIsReplacedByTheNextReload() {
        ListeningSocket elsewhere = new ListeningSocket("socket", "/run/elsewhere.sock", 9, Path.of("/run/elsewhere.sock"), 1, 77);
        SiteHandoff h = new SiteHandoff("myproject", 1, 4242, new ChildPipes(7, 8), List.of(elsewhere), List.of());
        site.handingOver().adopt(h, false);
        site.reload("its file changed while uwsgid restarted");
        f.accepting(kernel.lastPid());
        assertEquals(List.of(dir.resolve("myproject.sock").toString()), site.status().sockets());
    }
}
