package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.OsException;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A failed spawn or bind is recorded on the site and moves it to BACKOFF (or FATAL); it never throws. */
class SiteSpawnFailureTest extends SiteScenario {

    @Nested
    class SpawnFailing {
        @Test
        void spawnFailureOfANewSiteGoesToBackoffAndNeverThrows() {
            kernel.failSpawns(new OsException(12, "posix_spawn: Cannot allocate memory"));
            assertDoesNotThrow(() -> site.start("test"));
            assertEquals(SiteState.BACKOFF, site.state());
            assertTrue(site.lastError().contains("Cannot allocate memory"), site.lastError());
        }

        @Test
        void spawnFailureWhenRetryingFromBackoffStaysInBackoffAndNeverThrows() {
            int pid = f.running();
            f.exits(pid, ExitStatus.killed(Signals.KILL));
            f.exits(kernel.lastPid(), ExitStatus.killed(11));
            kernel.failSpawns(new OsException(12, "posix_spawn: Cannot allocate memory"));
            assertDoesNotThrow(() -> f.passes(Duration.ofSeconds(1)));
            assertEquals(SiteState.BACKOFF, site.state());
            assertEquals(Duration.ofSeconds(2).toNanos(), f.untilRetry());
        }

        @Test
        void spawnFailureWhenAFatalSiteIsStartedAgainGoesToBackoff() {
            site.start("test");
            f.exits(kernel.lastPid(), ExitStatus.exited(1));
            kernel.failSpawns(new OsException(12, "posix_spawn: Cannot allocate memory"));
            assertDoesNotThrow(() -> site.start("operator"));
            assertEquals(SiteState.BACKOFF, site.state());
        }

        @Test
        void spawnFailureAfterACrashGoesToBackoff() {
            int pid = f.running();
            kernel.failSpawns(new OsException(12, "posix_spawn: Cannot allocate memory"));
            f.exits(pid, ExitStatus.killed(Signals.KILL));
            assertEquals(SiteState.BACKOFF, site.state());
            assertTrue(site.lastError().contains("Cannot allocate memory"), site.lastError());
        }

        @Test
        void bindFailureIsFatalAndNamesTheError() {
            kernel.failBinds(new OsException(98, dir.resolve("myproject.sock") + ": Address already in use"));
            site.start("test");
            assertEquals(SiteState.FATAL, site.state());
            assertTrue(site.lastError().contains("Address already in use"), site.lastError());
            assertEquals(0, kernel.spawned.size());
        }
    }
}
