package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * uwsgictl upgrade: the daemon execs a new uwsgid in place, handing over every running site's
 * uWSGI master, sockets and pipes. Under load through nginx: no request fails, the masters and
 * their workers are the same processes, and the new daemon controls them.
 */
class UpgradeIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void sitesServeOnTheSameProcessesThroughThreeUpgradesAndNoRequestFails() throws Exception {
        try (Scene scene = new Scene("upgrade")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "generation.py"));
            scene.writeSite("other", scene.seedSite("other", "generation.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                daemon.await("other - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject"), "other", scene.socket("other")))) {
                    Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));
                    List<Integer> mine = SiteProcesses.of(scene.pidFile("myproject")), others = SiteProcesses.of(scene.pidFile("other"));
                    int fdsBefore = SiteProcesses.fds(daemon.pid()).size();
                    List<Load> loads = new ArrayList<>();
                    for (String site : List.of("myproject", "other", "myproject")) {
                        loads.add(new Load(nginx.url(site)));
                    }
                    for (int i = 1; i <= 3; i++) {
                        Uwsgictl.Result r = Uwsgictl.run(scene, "upgrade");
                        assertEquals(0, r.exit(), r.toString());
                        assertTrue(r.out().contains("uwsgid answers again after"), r.toString());
                        daemon.await(Pattern.quote("took over generation 1 (pid " + mine.get(0) + ")"), Duration.ofSeconds(10));
                        Thread.sleep(500);
                    }
                    int requests = 0;
                    for (Load load : loads) {
                        load.close();
                        assertEquals(List.of(), load.failures(), "requests failed across the upgrades");
                        requests += load.samples().size();
                    }
                    assertTrue(requests > 100, "requests sent during the upgrades: " + requests);
                    assertTrue(daemon.process.isAlive(), "the daemon is the same process, exec'd in place");
                    assertEquals(mine, SiteProcesses.of(scene.pidFile("myproject")), "myproject's master and workers");
                    assertEquals(others, SiteProcesses.of(scene.pidFile("other")), "other's master and workers");
                    Uwsgictl.Result status = Uwsgictl.run(scene, "status", "--json");
                    assertTrue(status.out().contains("\"generation\": 1") && !status.out().contains("\"generation\": 2"), status.out());
                    int fdsAfter = SiteProcesses.fds(daemon.pid()).size();
                    assertTrue(fdsAfter <= fdsBefore + 2, "daemon fds before " + fdsBefore + ", after three upgrades " + fdsAfter
                            + ": " + SiteProcesses.fds(daemon.pid()));
                    Uwsgictl.Result reload = Uwsgictl.run(scene, "reload", "myproject");
                    assertEquals(0, reload.exit(), "the new daemon reloads a site it took over: " + reload);
                    Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));
                    assertFalse(SiteProcesses.alive(mine.get(0)) && SiteProcesses.masterPid(scene.pidFile("myproject")) == mine.get(0),
                            "the reload replaced the adopted generation");
                }
            }
        }
    }

    @Test
    void aFileChangedBeforeTheUpgradeIsReloadedOntoAndARemovedOnesGenerationStops() throws Exception {
        try (Scene scene = new Scene("upgrade-changed")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "generation.py"));
            scene.writeSite("gone", scene.seedSite("gone", "generation.py"));
            Path config = Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nwatch = false\n");
            try (Daemon daemon = Daemon.start(scene, "--config", config.toString())) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                daemon.await("gone - STARTING -> RUNNING", START);
                int kept = SiteProcesses.masterPid(scene.pidFile("myproject")), removed = SiteProcesses.masterPid(scene.pidFile("gone"));
                scene.writeSite("myproject", scene.seedSite("myproject", "generation.py").replace("processes = 2", "processes = 3"));
                Files.delete(scene.sites.resolve("gone.ini"));
                Uwsgictl.Result r = Uwsgictl.run(scene, "upgrade");
                assertEquals(0, r.exit(), r.toString());
                daemon.await(Pattern.quote("myproject - its file changed while uwsgid restarted"), Duration.ofSeconds(10));
                daemon.await("myproject - RELOADING -> RUNNING", START);
                List<Integer> now = SiteProcesses.of(scene.pidFile("myproject"));
                assertEquals(4, now.size(), "a master and the 3 workers the edited file asks for: " + now);
                assertFalse(now.contains(kept), "the generation taken over was replaced");
                daemon.await(Pattern.quote("gone - asking the handed-over generation 1 (pid " + removed + ") to stop: its file is gone"),
                        Duration.ofSeconds(10));
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (SiteProcesses.alive(removed) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertFalse(SiteProcesses.alive(removed), "the removed site's master has exited");
            }
        }
    }
}
