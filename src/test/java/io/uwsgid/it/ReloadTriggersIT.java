package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every way to reload a site (uwsgictl reload SITE, reload --all, restart, SIGHUP to uwsgid)
 * runs what the site's file says now: each trigger follows an edit of {@code processes}, with
 * the directory watch off so that the trigger alone can have read it.
 */
class ReloadTriggersIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void everyTriggerRunsTheEditedFile() throws Exception {
        try (Scene scene = new Scene("triggers")) {
            String site = scene.seedSite("myproject", "hello.py");
            scene.writeSite("myproject", site);
            try (Daemon daemon = Daemon.start(scene, "--config", unwatched(scene).toString())) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                awaitWorkers(scene, 2);
                try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                    Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));
                    int processes = 2;
                    for (String trigger : List.of("reload", "reload --all", "restart", "HUP")) {
                        processes++;
                        scene.writeSite("myproject", site.replace("processes = 2", "processes = " + processes));
                        int before = SiteProcesses.masterPid(scene.pidFile("myproject"));
                        if (trigger.equals("HUP")) {
                            daemon.signal("HUP");
                        } else {
                            List<String> args = new java.util.ArrayList<>(List.of(trigger.split(" ")));
                            if (args.size() == 1) {
                                args.add("myproject");
                            }
                            Uwsgictl.Result r = Uwsgictl.run(scene, args.toArray(String[]::new));
                            assertEquals(0, r.exit(), trigger + ": " + r);
                        }
                        awaitWorkers(scene, processes);
                        assertNotEquals(before, SiteProcesses.masterPid(scene.pidFile("myproject")), trigger + " made a new generation");
                        assertEquals(200, Http.get(nginx.url("myproject")).status(), trigger);
                    }
                }
            }
        }
    }

    @Test
    void aReloadOntoAnInvalidFileFailsWithItsLineAndKeepsTheSiteServing() throws Exception {
        try (Scene scene = new Scene("badfile")) {
            String site = scene.seedSite("myproject", "hello.py");
            scene.writeSite("myproject", site);
            try (Daemon daemon = Daemon.start(scene, "--config", unwatched(scene).toString())) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                int master = SiteProcesses.masterPid(scene.pidFile("myproject"));
                Path file = scene.writeSite("myproject", site.replace("uid = " + Scene.USER, "uid = no-such-user-here"));
                for (String verb : List.of("reload", "restart")) {
                    Uwsgictl.Result r = Uwsgictl.run(scene, verb, "myproject");
                    assertEquals(1, r.exit(), verb + ": " + r);
                    assertTrue(r.err().contains(file + ":3") && r.err().contains("no-such-user-here")
                            && r.err().contains("generation 1 keeps serving"), verb + ": " + r.err());
                    assertEquals(master, SiteProcesses.masterPid(scene.pidFile("myproject")));
                    assertTrue(SiteProcesses.alive(master), verb + " left the running generation alone");
                }
                Uwsgictl.Result status = Uwsgictl.run(scene, "status", "myproject");
                assertTrue(status.out().contains("RUNNING") && status.out().contains(" " + master + " "), status.out());
            }
        }
    }

    private static Path unwatched(Scene scene) throws java.io.IOException {
        return Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nwatch = false\n");
    }

    /** Waits until the pid file's master has exactly {@code workers} workers, and nothing else in its group. */
    private static void awaitWorkers(Scene scene, int workers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<Integer> group = List.of();
        while (System.nanoTime() < deadline) {
            try {
                group = SiteProcesses.of(scene.pidFile("myproject"));
                if (group.size() == workers + 1) {
                    return;
                }
            } catch (java.io.IOException | NumberFormatException e) {
                // the pid file is being replaced
            }
            Thread.sleep(100);
        }
        fail("wanted a master and " + workers + " workers; the pid file's process group is " + group);
    }
}
