package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What a reload promises once it has returned: the new code answers. A retired generation takes no
 * connection made after its successor accepts, and still answers every connection queued for it.
 */
class RetirementIT {
    private static final Duration START = Duration.ofSeconds(30);

    /** A reload as the operator saw it: when uwsgictl returned, and the master the pid file then named. */
    private record Reload(long returnedAt, long nextStartsAt, int master) {}

    @Test
    void noRequestSentAfterAReloadReturnsReachesTheGenerationItReplaced() throws Exception {
        try (Scene scene = new Scene("retire")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "generation.py"));
            try (Daemon daemon = Daemon.start(scene);
                    Nginx nginx = startNginx(scene, daemon)) {
                List<Load> loads = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    loads.add(new Load(nginx.url("myproject")));
                }
                // In quick succession, as a deploy script may: each generation is replaced 300 ms after it accepted.
                List<long[]> done = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    long start = System.nanoTime();
                    String reply = Uwsgictl.direct(scene, "reload", "myproject");
                    assertTrue(reply.contains("\"code\":0"), reply);
                    done.add(new long[] {start, System.nanoTime(), SiteProcesses.masterPid(scene.pidFile("myproject"))});
                    Thread.sleep(300);
                }
                Thread.sleep(1000);
                List<Load.Sample> samples = new ArrayList<>();
                for (Load load : loads) {
                    load.close();
                    assertEquals(List.of(), load.failures(), "requests failed during reloads");
                    samples.addAll(load.samples());
                }
                List<Reload> reloads = new ArrayList<>();
                for (int i = 0; i < done.size(); i++) {
                    long next = i + 1 < done.size() ? done.get(i + 1)[0] : Long.MAX_VALUE;
                    reloads.add(new Reload(done.get(i)[1], next, (int) done.get(i)[2]));
                }
                List<String> stale = new ArrayList<>();
                int checked = 0;
                for (Load.Sample s : samples) {
                    for (Reload r : reloads) {
                        if (s.sentAt() > r.returnedAt() && s.sentAt() < r.nextStartsAt()) {
                            checked++;
                            if (!s.body().startsWith("master " + r.master() + " ")) {
                                stale.add(String.format("sent %.0f ms after the reload to master %d returned, answered by %s",
                                        (s.sentAt() - r.returnedAt()) / 1e6, r.master(), s.body()));
                            }
                        }
                    }
                }
                assertTrue(checked > 50, "requests sent between a reload's return and the next one: " + checked);
                assertEquals(List.of(), stale.subList(0, Math.min(10, stale.size())), stale.size() + " of " + checked
                        + " requests reached a retired generation");
            }
        }
    }

    @Test
    void connectionsQueuedForTheOldGenerationWhenTheReloadLandsAreStillAnswered() throws Exception {
        try (Scene scene = new Scene("drain")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "generation.py"));
            try (Daemon daemon = Daemon.start(scene);
                    Nginx nginx = startNginx(scene, daemon)) {
                int old = SiteProcesses.masterPid(scene.pidFile("myproject"));
                // 2 workers, 8 requests of 1.5 s: 6 wait in the old generation's accept queue while the reload lands.
                ExecutorService pool = Executors.newFixedThreadPool(8);
                try {
                    List<Future<Http.Response>> slow = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        slow.add(pool.submit(() -> Http.get(nginx.url("myproject") + "?1.5")));
                    }
                    Thread.sleep(300);
                    Uwsgictl.Result r = Uwsgictl.run(scene, "reload", "myproject");
                    assertEquals(0, r.exit(), r.toString());
                    int fresh = SiteProcesses.masterPid(scene.pidFile("myproject"));
                    Http.Response after = Http.get(nginx.url("myproject"));
                    assertEquals(200, after.status());
                    assertTrue(after.body().startsWith("master " + fresh + " "), "a request after the reload: " + after.body());
                    int byOld = 0;
                    for (Future<Http.Response> f : slow) {
                        Http.Response resp = f.get();
                        assertEquals(200, resp.status(), resp.body());
                        byOld += resp.body().startsWith("master " + old + " ") ? 1 : 0;
                    }
                    assertEquals(8, byOld, "the requests queued before the reload are answered by the generation they were queued for");
                    daemon.await(java.util.regex.Pattern.quote("generation 1 (pid " + old + ") retired (exit 0)"), Duration.ofSeconds(20));
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    private static Nginx startNginx(Scene scene, Daemon daemon) throws Exception {
        daemon.await("myproject - STARTING -> RUNNING", START);
        Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")));
        Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));
        assertTrue(Files.exists(scene.socket("myproject")));
        return nginx;
    }
}
