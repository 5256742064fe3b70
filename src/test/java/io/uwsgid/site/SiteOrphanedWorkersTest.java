package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A uWSGI master killed while its workers live: they finish their requests before anything is torn down. */
class SiteOrphanedWorkersTest extends SiteScenario {
    private int masterKilledWithWorkersAlive() {
        int master = f.running();
        kernel.groupAlive(master, true);
        f.exits(master, ExitStatus.killed(Signals.KILL));
        return master;
    }

    @Test
    void workersOfAKilledMasterGetTheGracefulWorkerStopNotSigkill() {
        int master = masterKilledWithWorkersAlive();
        assertAll(
                () -> assertEquals(List.of(new FakeKernel.Kill(master, Signals.HUP)), kernel.kills),
                () -> assertFalse(kernel.released.contains(master), "its log pipe stays open while its workers may still write"),
                () -> assertEquals(SiteState.STARTING, site.state(), "the next generation starts at once"),
                () -> assertEquals(2, kernel.spawned.size()));
    }

    @Test
    void theGenerationIsReleasedOnceItsLastWorkerHasExited() {
        int master = masterKilledWithWorkersAlive();
        f.passes(Duration.ofSeconds(1));
        assertFalse(kernel.released.contains(master));
        kernel.groupAlive(master, false);
        f.passes(SiteFixture.A_MOMENT);
        assertAll(
                () -> assertTrue(kernel.released.contains(master)),
                () -> assertEquals(List.of(new FakeKernel.Kill(master, Signals.HUP)), kernel.kills, "no SIGKILL was needed"));
    }

    @Test
    void workersStillBusyAfterTheMercyTimeAreKilledWithTheirGroup() {
        int master = masterKilledWithWorkersAlive();
        f.passes(SiteFixture.MERCY);
        assertEquals(List.of(new FakeKernel.Kill(master, Signals.HUP)), kernel.kills, "not before the mercy time has passed");
        f.passes(Duration.ofSeconds(1));
        assertEquals(List.of(new FakeKernel.Kill(master, Signals.HUP), new FakeKernel.Kill(master, Signals.KILL)), kernel.kills);
        f.passes(Duration.ofSeconds(1));
        assertEquals(1, kernel.kills.stream().filter(k -> k.signal() == Signals.KILL).count(), "killed once");
    }

    @Test
    void aStopWaitsForTheWorkersOfAKilledMaster() {
        int master = masterKilledWithWorkersAlive();
        int second = kernel.lastPid();
        f.accepting(second);
        site.stop("test");
        f.exits(second, ExitStatus.exited(0));
        assertEquals(SiteState.STOPPING, site.state(), "workers of generation 1 are still finishing");
        assertTrue(kernel.closed.isEmpty(), "the socket stays while they may still answer on it");
        kernel.groupAlive(master, false);
        f.passes(SiteFixture.A_MOMENT);
        assertAll(
                () -> assertEquals(SiteState.STOPPED, site.state()),
                () -> assertFalse(site.alive()),
                () -> assertEquals(1, kernel.closed.size(), "then the socket goes"));
    }

    @Test
    void aMasterThatExitsWithNoWorkerLeftIsReleasedAtOnce() {
        int master = f.running();
        f.exits(master, ExitStatus.killed(Signals.KILL));
        assertAll(
                () -> assertTrue(kernel.released.contains(master)),
                () -> assertEquals(List.of(new FakeKernel.Kill(master, Signals.KILL)), kernel.kills, "a no-op on an empty group, kept for safety"));
    }

    @Test
    void aSiteThatNeverHadAValidFileTicksAndStopsQuietly() {
        Site invalid = new Site("broken", null, kernel, f.daemon, SpawnCheck.NONE);
        invalid.invalidConfig("broken.ini:3: no socket");
        invalid.tick();
        assertEquals(SiteState.FATAL, invalid.state());
        invalid.stop("SIGTERM");
        assertEquals(SiteState.STOPPED, invalid.state());
    }
}
