package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sites directory is watched: files appearing, changing, being touched and going away act on their sites. */
class RescanIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void watchedDirectoryStartsReloadsAndStopsSites() throws Exception {
        try (Scene scene = new Scene("watch")) {
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("uwsgid .* supervising", START);
                scene.writeSite("late", scene.seedSite("late", "hello.py"));
                daemon.await("late - STOPPED -> STARTING \\(new site file", START);
                daemon.await("late - STARTING -> RUNNING", START);

                Files.writeString(scene.sites.resolve("late.ini"), scene.seedSite("late", "hello.py").replace("processes = 2", "processes = 3"));
                daemon.await("late - RUNNING -> RELOADING \\(its file changed", START);
                daemon.await("late - RELOADING -> RUNNING", START);
                assertEquals(4, SiteProcesses.of(scene.pidFile("late")).size(), "the new generation has 3 workers");

                Files.setLastModifiedTime(scene.sites.resolve("late.ini"), FileTime.from(Instant.now().plusSeconds(5)));
                daemon.await("late - RUNNING -> RELOADING \\(its file was touched", START);
                daemon.await("late - RELOADING -> RUNNING", START);

                List<Integer> pids = SiteProcesses.of(scene.pidFile("late"));
                Files.delete(scene.sites.resolve("late.ini"));
                daemon.await("late - RUNNING -> STOPPING \\(its file was removed", START);
                daemon.await("late - STOPPING -> STOPPED", START);
                for (int pid : pids) {
                    assertFalse(SiteProcesses.alive(pid));
                }
                assertEquals(7, Uwsgictl.run(scene, "status", "late").exit(), "the removed site is forgotten");
            }
        }
    }

    @Test
    void anInvalidNewVersionKeepsTheRunningSiteAndSaysWhy() throws Exception {
        try (Scene scene = new Scene("invalid")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                int master = SiteProcesses.masterPid(scene.pidFile("myproject"));
                scene.writeSite("myproject", scene.seedSite("myproject", "hello.py").replace("uid = nobody", "uid = nosuchuser"));
                daemon.await("myproject - its file is invalid now; the running generation keeps serving: .*myproject.ini:3: user 'nosuchuser'", START);
                Uwsgictl.Result status = Uwsgictl.run(scene, "status", "--json", "myproject");
                assertTrue(status.out().contains("\"state\": \"RUNNING\"") && status.out().contains("nosuchuser"), status.out());
                assertTrue(SiteProcesses.alive(master));
                assertEquals(master, SiteProcesses.masterPid(scene.pidFile("myproject")));
            }
        }
    }

    @Test
    void aSocketPathChangeMovesTheSiteWithoutLosingRequests() throws Exception {
        try (Scene scene = new Scene("move")) {
            Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nsocket-move-grace = 4\n");
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene, "--config", scene.root.resolve("uwsgid.ini").toString())) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                java.nio.file.Path moved = scene.sockets.resolve("moved.sock");
                try (Nginx old = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                    Http.await200(old.url("myproject"), Duration.ofSeconds(10));
                    try (Load load = new Load(old.url("myproject"))) {
                        scene.writeSite("myproject", scene.seedSite("myproject", "hello.py").replace(scene.socket("myproject").toString(), moved.toString()));
                        daemon.await("myproject - RUNNING -> RELOADING \\(its file changed; spawned generation 2 .* on new sockets", START);
                        daemon.await("myproject - RELOADING -> RUNNING", START);
                        daemon.await("myproject - generation 1 .* keeps serving", START);
                        Thread.sleep(1000);
                        load.close();
                        assertEquals(List.of(), load.failures(), "requests to the old socket during the move");
                    }
                }
                try (Nginx fresh = Nginx.start(scene, Map.of("myproject", moved))) {
                    assertEquals(200, Http.await200(fresh.url("myproject"), Duration.ofSeconds(10)).status());
                }
                daemon.await("myproject - generation 1 .* retired", START);
                // the daemon logs the retirement, then releases the generation's sockets
                for (int i = 0; i < 40 && Files.exists(scene.socket("myproject")); i++) {
                    Thread.sleep(50);
                }
                assertFalse(Files.exists(scene.socket("myproject")), "the old socket is removed once its generation is gone");
                assertTrue(Files.exists(moved));
            }
        }
    }
}
