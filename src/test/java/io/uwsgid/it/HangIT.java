package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sites that stop serving, with real uWSGI behind real nginx under load: a SIGSTOPped generation
 * (master and workers), and an app whose every worker deadlocks. Each is detected once its workers'
 * heartbeats have been silent for its health-timeout (3 s here) and a heartbeat period (1 s, and
 * 1 s for uWSGI's whole-second clock), within the watch's two-second rounds (which also collect
 * the beats) and a stats read;
 * then replaced by a generation that accepts, and killed. A master stopped alone, whose workers
 * go on serving, is left serving. Prints the figures bench/RESULTS.md quotes.
 */
class HangIT {
    private static final Duration START = Duration.ofSeconds(30);
    private static final int TIMEOUT_S = 3;
    /**
     * The latest a hang may be declared: health-timeout, a heartbeat period and its second of
     * slack, a round for the beats of a settled site to be collected and one to judge them, a stats read, and 0.5 s.
     */
    private static final double DETECTED_BY_S = TIMEOUT_S + 1 + 1 + 2 + 2 + 1 + 0.5;

    private static String site(Scene scene) throws Exception {
        return scene.seedSite("web", "hang.py").replace("processes = 2", "processes = 2\nhealth-timeout = " + TIMEOUT_S);
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static int pidOf(Http.Response r) {
        return Integer.parseInt(r.body().strip().replaceAll(".* ", ""));
    }

    /** What a test does with site "web" once it serves through nginx: {@code first} is its first 200. */
    private interface Serving {
        void run(Scene scene, Daemon daemon, Nginx nginx, Http.Response first) throws Exception;
    }

    /** Starts site "web" (hang.py, health-timeout 3 s) under a daemon, behind nginx, and runs {@code body} once it answers. */
    private static void serving(String name, Serving body) throws Exception {
        try (Scene scene = new Scene(name)) {
            scene.writeSite("web", site(scene));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("web - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("web", scene.socket("web")))) {
                    body.run(scene, daemon, nginx, Http.await200(nginx.url("web"), Duration.ofSeconds(10)));
                }
            }
        }
    }

    @Test
    void aStoppedGenerationIsDetectedReplacedAndKilled() throws Exception {
        serving("sigstop", (scene, daemon, nginx, first) -> {
            int master = SiteProcesses.masterPid(scene.pidFile("web"));
            Thread.sleep(2500); // a few rounds of the watch see it answering
            long stopped, detected, replaced;
            Load load = new Load(nginx.url("web"));
            try {
                Thread.sleep(500);
                Shell.run("kill", "-STOP", "--", "-" + master); // its process group: the master and its workers
                stopped = System.nanoTime();
                String seen = daemon.await("web - generation 1 .* stopped answering", Duration.ofSeconds(TIMEOUT_S + 10));
                detected = System.nanoTime();
                assertTrue(seen.contains("no heartbeat") && seen.contains("has not answered on its stats socket"), seen);
                daemon.await("web - RELOADING -> RUNNING", START);
                replaced = System.nanoTime();
                Thread.sleep(1000);
            } finally {
                load.close();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (SiteProcesses.alive(master) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(SiteProcesses.alive(master), "the stopped generation is killed");
            Http.Response after = Http.get(nginx.url("web"));
            assertEquals(200, after.status());
            assertNotEquals(master, pidOf(after), "a new generation answers");
            System.out.printf("HANG-FIGURES sigstop: detected after %.2f s, serving again (new generation accepting) after %.2f s, "
                    + "requests %d, failed %d %s%n", seconds(stopped, detected), seconds(stopped, replaced), load.samples().size(),
                    load.failures().size(), load.failures());
            assertTrue(seconds(stopped, detected) >= TIMEOUT_S && seconds(stopped, detected) <= DETECTED_BY_S,
                    "detected after " + seconds(stopped, detected) + " s");
            assertTrue(load.ok() > 10, "requests went through: " + load.ok());
        });
    }

    @Test
    void anAppWhoseWorkersAllDeadlockIsDetectedAndReplaced() throws Exception {
        serving("deadlock", (scene, daemon, nginx, first) -> {
            int master = pidOf(first);
            Thread.sleep(2500);
            List<Thread> stuck = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread t = new Thread(() -> {
                    try {
                        Http.get(nginx.url("web") + "deadlock");
                    } catch (Exception e) {
                        // the deadlocked worker is killed: this request fails, as it must
                    }
                });
                t.setDaemon(true);
                t.start();
                stuck.add(t);
            }
            long deadlocked = System.nanoTime();
            long detected, replaced;
            Load load = new Load(nginx.url("web"));
            try {
                String seen = daemon.await("web - generation 1 .* stopped answering", Duration.ofSeconds(TIMEOUT_S + 10));
                detected = System.nanoTime();
                assertTrue(seen.contains("workers are busy"), seen);
                daemon.await("web - RELOADING -> RUNNING", START);
                replaced = System.nanoTime();
                Thread.sleep(1000);
            } finally {
                load.close();
            }
            Http.Response after = Http.get(nginx.url("web"));
            assertEquals(200, after.status());
            assertNotEquals(master, pidOf(after), "a new generation answers");
            assertFalse(SiteProcesses.alive(master), "the deadlocked generation is killed");
            long okAfter = load.samples().stream().filter(s -> s.sentAt() > replaced && s.status() == 200).count();
            System.out.printf("HANG-FIGURES deadlock: detected after %.2f s, serving again after %.2f s, requests %d, failed %d, "
                    + "ok after the replacement %d%n", seconds(deadlocked, detected), seconds(deadlocked, replaced), load.samples().size(),
                    load.failures().size(), okAfter);
            assertTrue(seconds(deadlocked, detected) >= TIMEOUT_S && seconds(deadlocked, detected) <= DETECTED_BY_S,
                    "detected after " + seconds(deadlocked, detected) + " s");
            assertTrue(okAfter > 0, "requests sent after the replacement succeed");
        });
    }

    @Test
    void aMasterStoppedAloneWhoseWorkersServeIsLeftServing() throws Exception {
        serving("master-stop", (scene, daemon, nginx, first) -> {
            int master = SiteProcesses.masterPid(scene.pidFile("web"));
            Load load = new Load(nginx.url("web"));
            Shell.run("kill", "-STOP", Integer.toString(master));
            try {
                Thread.sleep((long) (2 * DETECTED_BY_S * 1000));
            } finally {
                Shell.run("kill", "-CONT", Integer.toString(master));
                load.close();
            }
            assertFalse(daemon.log().contains("stopped answering"), daemon.log());
            assertEquals(0, load.failures().size(), "its workers served on: " + load.failures());
            assertTrue(load.ok() > 10, "requests went through: " + load.ok());
            assertEquals(master, SiteProcesses.masterPid(scene.pidFile("web")));
        });
    }
}
