package io.uwsgid.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.arbiter.DaemonObserver.Snapshot;
import io.uwsgid.os.NotifyReceiver;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SystemdNotifierTest {
    /** Records every message; can be told to refuse them, as a full socket buffer would. */
    static final class Recorder implements NotifyTransport {
        final List<String> sent = new ArrayList<>();
        boolean full;

        @Override
        public boolean send(String message) {
            if (full) {
                return false;
            }
            sent.add(message);
            return true;
        }

        @Override
        public void close() {}
    }

    static SiteStatus site(String name, SiteState state) {
        return new SiteStatus(name, state, 0, 0, -1, 0, -1, null, null, null, List.of(), Path.of(name + ".ini"));
    }

    static Snapshot at(long millis, SiteStatus... sites) {
        return new Snapshot(List.of(sites), 0, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Nested
    class Lifecycle {
        final Recorder r = new Recorder();
        final SystemdNotifier n = new SystemdNotifier(r, 0);

        @Test
        void readyCarriesTheSummaryOnceEverySiteHasSettled() {
            n.turn(at(0, site("blog", SiteState.STARTING)));
            n.settled(at(200, site("blog", SiteState.RUNNING), site("shop", SiteState.FATAL)));
            assertEquals(List.of("STATUS=0 sites running, 1 starting", "READY=1\nSTATUS=1 site running, 1 failed: shop"), r.sent);
        }

        @Test
        void aHupSaysReloadingWithTheMonotonicClockThenReadyAgain() {
            n.settled(at(0, site("blog", SiteState.RUNNING)));
            long before = TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
            n.reloading();
            n.settled(at(300, site("blog", SiteState.RUNNING)));
            String reloading = r.sent.get(1);
            assertTrue(reloading.startsWith("RELOADING=1\nMONOTONIC_USEC="), reloading);
            long usec = Long.parseLong(reloading.split("\n")[1].substring("MONOTONIC_USEC=".length()));
            assertTrue(usec >= before, "MONOTONIC_USEC is CLOCK_MONOTONIC in microseconds: " + usec + " < " + before);
            assertEquals("READY=1\nSTATUS=1 site running", r.sent.get(2));
        }

        @Test
        void stoppingIsSaidOnceAndTheSummaryNoLongerOverwritesIt() {
            n.settled(at(0, site("blog", SiteState.RUNNING)));
            n.stopping();
            n.turn(at(200, site("blog", SiteState.STOPPING)));
            assertEquals("STOPPING=1\nSTATUS=stopping every site", r.sent.get(1));
            assertEquals(2, r.sent.size(), r.sent.toString());
        }

        @Test
        void statusIsSentOnlyWhenTheSummaryChanges() {
            n.settled(at(0, site("blog", SiteState.RUNNING)));
            n.turn(at(200, site("blog", SiteState.RUNNING)));
            n.turn(at(400, site("blog", SiteState.BACKOFF)));
            n.turn(at(600, site("blog", SiteState.BACKOFF)));
            assertEquals(List.of("READY=1\nSTATUS=1 site running", "STATUS=0 sites running, 1 failed: blog"), r.sent);
        }

        @Test
        void aStatusTheSocketRefusedIsSentAgainOnTheNextTurn() {
            r.full = true;
            n.turn(at(0, site("blog", SiteState.RUNNING)));
            r.full = false;
            n.turn(at(200, site("blog", SiteState.RUNNING)));
            assertEquals(List.of("STATUS=1 site running"), r.sent);
        }
    }

    @Nested
    class Watchdog {
        final Recorder r = new Recorder();
        /** WATCHDOG_USEC = 2 s: a ping every second of loop turns. */
        final SystemdNotifier n = new SystemdNotifier(r, 2_000_000);

        @Test
        void pingsAtHalfTheTimeoutFromTheLoopsTurns() {
            for (long ms = 0; ms <= 3000; ms += 200) {
                n.turn(at(ms, site("blog", SiteState.RUNNING)));
            }
            assertEquals(4, r.sent.stream().filter("WATCHDOG=1"::equals).count(), r.sent.toString());
        }

        @Test
        void aRestingLoopIsAskedToTurnOftenEnoughToPing() {
            assertEquals(1000, n.turnAtLeastEveryMillis());
            assertEquals(Long.MAX_VALUE, new SystemdNotifier(r, 0).turnAtLeastEveryMillis(), "no watchdog, no demand");
        }

        @Test
        void noTurnsNoPings() {
            n.turn(at(0));
            n.turn(at(5000));
            assertEquals(2, r.sent.stream().filter("WATCHDOG=1"::equals).count(), "one per turn that was due, none in between");
        }

        @Test
        void watchdogUsecCountsOnlyForTheNamedPid() {
            assertEquals(5_000_000, SystemdNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "5000000"), 42));
            assertEquals(5_000_000, SystemdNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "5000000", "WATCHDOG_PID", "42"), 42));
            assertEquals(0, SystemdNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "5000000", "WATCHDOG_PID", "7"), 42));
            assertEquals(0, SystemdNotifier.watchdogUsec(Map.of("WATCHDOG_USEC", "soon"), 42));
            assertEquals(0, SystemdNotifier.watchdogUsec(Map.of(), 42));
        }
    }

    @Nested
    class Socket {
        @Test
        void noNotifySocketNoNotifier() {
            assertNull(SystemdNotifier.fromEnvironment(Map.of(), 1));
            assertNull(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", ""), 1));
        }

        @Test
        void sendsOneDatagramPerMessageToAPathSocket() throws Exception {
            Path dir = Files.createTempDirectory("notify");
            Path path = dir.resolve("notify.sock");
            try (NotifyReceiver server = NotifyReceiver.bind(path.toString())) {
                try (NotifySocket s = NotifySocket.open(path.toString())) {
                    assertTrue(s.send("READY=1\nSTATUS=ok"));
                }
                assertEquals("READY=1\nSTATUS=ok", server.receive(1000));
            } finally {
                Files.deleteIfExists(path);
                Files.delete(dir);
            }
        }

        @Test
        void understandsSystemdsAbstractNamespaceAddresses() throws Exception {
            String name = "uwsgid-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            try (NotifyReceiver server = NotifyReceiver.bind("@" + name)) {
                // The name is exactly what follows the '@', no NUL after it, as sd_notify(3) addresses it
                // (/proc/net/unix shows an abstract name with '@' for each NUL).
                assertTrue(Files.readAllLines(Path.of("/proc/net/unix")).stream().anyMatch(l -> l.endsWith(" @" + name)), "bound as @" + name);
                try (NotifySocket s = NotifySocket.open("@" + name)) {
                    assertTrue(s.send("WATCHDOG=1"));
                }
                assertEquals("WATCHDOG=1", server.receive(1000));
            }
        }
    }
}
