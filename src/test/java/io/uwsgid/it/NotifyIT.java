package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * uwsgid under a stand-in for systemd (Type=notify, WatchdogSec, the unit's capability bounding
 * set and no_new_privs): the notifications and their order through start, HUP and TERM.
 */
class NotifyIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void tellsSystemdReadyReloadingAndStoppingInOrderAndPingsTheWatchdog() throws Exception {
        try (Scene scene = new Scene("notify"); SystemdStandIn systemd = new SystemdStandIn(scene)) {
            scene.writeSite("good", scene.seedSite("good", "hello.py"));
            scene.writeSite("broken", "[uwsgi]\nuid = " + Scene.USER + "\nplugins = python3\n");
            Map<String, String> env = Map.of("NOTIFY_SOCKET", systemd.socket.toString(), "WATCHDOG_USEC", "1000000");
            try (Daemon daemon = Daemon.start(scene, SystemdStandIn.confinement(), env)) {
                String ready = systemd.await("READY=1", WAIT);
                assertEquals("READY=1\nSTATUS=1 site running, 1 failed: broken", ready);
                assertTrue(daemon.log().contains("good - STARTING -> RUNNING"), "READY=1 only once the site accepts:\n" + daemon.log());
                assertEquals(0, Shell.status("test", "-S", scene.socket("good").toString()), "the site's socket is there");

                for (int i = 0; i < 3; i++) {
                    systemd.await("WATCHDOG=1", WAIT);
                }

                long beforeHup = TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
                daemon.signal("HUP");
                String reloading = systemd.await("RELOADING=1", WAIT);
                long usec = Long.parseLong(reloading.lines().filter(l -> l.startsWith("MONOTONIC_USEC=")).findFirst().orElseThrow()
                        .substring("MONOTONIC_USEC=".length()));
                assertTrue(usec >= beforeHup, "MONOTONIC_USEC is CLOCK_MONOTONIC, taken after the HUP was sent: " + usec + " < " + beforeHup);
                assertEquals("READY=1\nSTATUS=1 site running, 1 failed: broken", systemd.await("READY=1", WAIT));
                daemon.await("good - RELOADING -> RUNNING", WAIT);

                daemon.signal("TERM");
                assertEquals("STOPPING=1\nSTATUS=stopping every site", systemd.await("STOPPING=1", WAIT));
                assertTrue(daemon.process.waitFor(90, TimeUnit.SECONDS), "uwsgid exits after TERM");
                assertEquals(0, daemon.process.exitValue());
            }
            assertOrder(systemd.messages());
        }
    }

    /** READY, RELOADING, READY, STOPPING: each once, in that order, nothing but pings and status between. */
    private static void assertOrder(List<String> messages) {
        List<String> lifecycle = messages.stream().filter(m -> !m.equals("WATCHDOG=1") && !m.startsWith("STATUS="))
                .map(m -> m.lines().findFirst().orElse("")).toList();
        assertEquals(List.of("READY=1", "RELOADING=1", "READY=1", "STOPPING=1"), lifecycle, messages.toString());
        int stopping = messages.indexOf("STOPPING=1\nSTATUS=stopping every site");
        assertFalse(messages.subList(stopping + 1, messages.size()).stream().anyMatch(m -> m.startsWith("STATUS=")),
                "the summary does not overwrite the stop: " + messages);
    }
}
