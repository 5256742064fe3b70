package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An on-demand site behind real nginx: nothing runs until the first request, which is served
 * (it waits in the listen queue while the generation starts: no 502); after idle seconds without
 * a request the site stops, its socket stays bound, and the next request starts it again.
 */
class OnDemandIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void theFirstRequestStartsTheSiteAndAQuietSiteGoesBackToIdle() throws Exception {
        try (Scene scene = new Scene("ondemand")) {
            scene.writeSite("web", scene.seedSite("web", "hello.py").replace("processes = 2", "processes = 2\non-demand = true\nidle = 2"));
            int port = Nginx.freePort();
            try (Daemon daemon = Daemon.start(scene, "--config", Scrape.config(scene, port).toString())) {
                daemon.await("web - STOPPED -> IDLE", START);
                assertTrue(Files.exists(scene.socket("web")), "the socket is bound while idle");
                assertFalse(Files.exists(scene.pidFile("web")), "nothing runs while idle");
                assertTrue(Uwsgictl.run(scene, "status", "web").out().contains("IDLE"));
                Scrape.await(port, "uwsgid_site_state{site=\"web\",state=\"IDLE\"}", v -> v == 1, Duration.ofSeconds(10));
                List<Long> firstRequestMillis = new ArrayList<>();
                List<Integer> masters = new ArrayList<>();
                try (Nginx nginx = Nginx.start(scene, Map.of("web", scene.socket("web")))) {
                    for (int wake = 0; wake < 5; wake++) {
                        long t0 = System.nanoTime();
                        Http.Response r = Http.get(nginx.url("web"));
                        firstRequestMillis.add((System.nanoTime() - t0) / 1_000_000);
                        assertEquals(200, r.status(), "the first request after idle is served: " + r.body());
                        daemon.await("web - IDLE -> STARTING", START);
                        daemon.await("web - STARTING -> RUNNING", START);
                        int master = SiteProcesses.masterPid(scene.pidFile("web"));
                        masters.add(master);
                        assertEquals(200, Http.get(nginx.url("web")).status());
                        daemon.await("web - RUNNING -> STOPPING \\(no request for 2 s", Duration.ofSeconds(15));
                        daemon.await("web - STOPPING -> IDLE", START);
                        assertFalse(SiteProcesses.alive(master), "the idle generation has exited");
                        assertTrue(Files.exists(scene.socket("web")), "its socket stays bound");
                    }
                }
                assertNotEquals(masters.get(0), masters.get(1), "each wake is a new generation");
                List<Long> sorted = new ArrayList<>(firstRequestMillis);
                sorted.sort(null);
                System.out.printf("ONDEMAND-FIGURES first request through nginx after idle, ms: %s (median %d, max %d)%n", firstRequestMillis,
                        sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
                assertTrue(sorted.get(sorted.size() / 2) < 2000, "first requests took " + firstRequestMillis + " ms");
            }
        }
    }
}
