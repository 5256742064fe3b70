package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worst days: children killed every way, children that will not stop, crash loops, a killed daemon, lost sockets. */
class FaultIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void killedWorkersMastersAndWholeSitesComeBackAndTheOtherSiteIsUntouched() throws Exception {
        try (Scene scene = new Scene("kills")) {
            scene.writeSite("victim", scene.seedSite("victim", "hello.py"));
            scene.writeSite("bystander", scene.seedSite("bystander", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("(victim|bystander) - STARTING -> RUNNING", START);
                daemon.await("(victim|bystander) - STARTING -> RUNNING", START);
                List<Integer> bystander = SiteProcesses.of(scene.pidFile("bystander"));
                try (Nginx nginx = Nginx.start(scene, Map.of("victim", scene.socket("victim"), "bystander", scene.socket("bystander")))) {
                    Http.await200(nginx.url("victim"), Duration.ofSeconds(10));
                    int master = SiteProcesses.masterPid(scene.pidFile("victim"));
                    int worker = SiteProcesses.of(scene.pidFile("victim")).stream().filter(p -> p != master).findFirst().orElseThrow();

                    Shell.run("kill", "-9", Integer.toString(worker));
                    assertRequestsSucceed(nginx.url("victim"), 20);
                    assertEquals(master, SiteProcesses.masterPid(scene.pidFile("victim")), "uWSGI's master replaces its own worker");

                    Shell.run("kill", "-9", Integer.toString(master));
                    assertRequestsSucceed(nginx.url("victim"), 20);
                    daemon.await("victim - RUNNING -> STARTING \\(generation 1 .* crashed \\(killed by SIGKILL\\)", START);

                    int second = SiteProcesses.masterPid(scene.pidFile("victim"));
                    Shell.run("kill", "-9", "--", "-" + second);
                    assertRequestsSucceed(nginx.url("victim"), 20);
                    daemon.await("victim - (RUNNING -> STARTING|BACKOFF -> STARTING)", START);
                    assertTrue(Proc.processGroup(second).isEmpty(), "nothing of the killed generation is left");

                    assertEquals(bystander, SiteProcesses.of(scene.pidFile("bystander")), "the other site was not touched");
                    assertRequestsSucceed(nginx.url("bystander"), 5);
                }
            }
        }
    }

    /**
     * kill -9 of the uWSGI master while a worker is in the middle of a request: the worker is
     * not killed with it but finishes the request (uWSGI's graceful worker stop), while the next
     * generation already answers; then it is gone.
     */
    @Test
    void aRequestInFlightWhenTheMasterIsKilledStillGetsItsAnswer() throws Exception {
        try (Scene scene = new Scene("inflight")) {
            scene.writeSite("busy", scene.seedSite("busy", "slow.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("busy - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("busy", scene.socket("busy")))) {
                    Http.await200(nginx.url("busy") + "?0", Duration.ofSeconds(10));
                    int master = SiteProcesses.masterPid(scene.pidFile("busy"));
                    java.util.concurrent.CompletableFuture<Http.Response> inFlight = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return Http.get(nginx.url("busy") + "?3");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    Thread.sleep(1000);
                    Shell.run("kill", "-9", Integer.toString(master));
                    daemon.await("busy - STARTING -> RUNNING", START);
                    assertRequestsSucceed(nginx.url("busy") + "?0", 5);
                    Http.Response r = inFlight.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertEquals(200, r.status(), "the request in flight at the kill: " + r.body());
                    assertEquals("slow\n", r.body());
                    daemon.await("busy - generation 1 \\(pid " + master + "\\) has exited; letting its remaining workers finish their requests", START);
                    daemon.await("busy - the last workers of generation 1 \\(pid " + master + "\\) have exited", START);
                    assertTrue(Proc.processGroup(master).isEmpty(), "nothing of the killed generation is left");
                }
            }
        }
    }

    /** Requests sent right after a kill wait in the backlog the master holds, and succeed. */
    private static void assertRequestsSucceed(String url, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            Http.Response r = Http.get(url);
            assertEquals(200, r.status(), "request " + i + " after the kill: " + r.body());
        }
    }

    @Test
    void aChildThatIgnoresTheGracefulStopIsKilledWholeAfterItsMercyTime() throws Exception {
        try (Scene scene = new Scene("mercy")) {
            Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nmercy = 2\n");
            scene.writeSite("stubborn", scene.seedSite("stubborn", "slow.py"));
            try (Daemon daemon = Daemon.start(scene, "--config", scene.root.resolve("uwsgid.ini").toString())) {
                daemon.await("stubborn - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("stubborn", scene.socket("stubborn")))) {
                    Http.await200(nginx.url("stubborn") + "?0", Duration.ofSeconds(10));
                    int master = SiteProcesses.masterPid(scene.pidFile("stubborn"));
                    Thread busy = new Thread(() -> {
                        try {
                            Http.get(nginx.url("stubborn") + "?120");
                        } catch (Exception e) {
                            // the kill ends this request; that is the point
                        }
                    });
                    busy.start();
                    Thread.sleep(500);
                    Uwsgictl.Result stop = Uwsgictl.run(scene, "stop", "stubborn");
                    assertEquals(0, stop.exit(), stop.toString());
                    daemon.await("stubborn - generation 1 .* did not stop within its mercy time \\(2 s\\): killing its process group", START);
                    assertTrue(Proc.processGroup(master).isEmpty(), "no survivor of the process group");
                    busy.join(30_000);
                }
            }
        }
    }

    @Test
    void aCrashLoopBacksOffToItsCapQuietlyAndAFixedFileBringsTheSiteBack() throws Exception {
        try (Scene scene = new Scene("loop")) {
            Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nbackoff-cap = 4\n");
            String broken = scene.seedSite("loop", "exits_at_import.py");
            scene.writeSite("loop", broken);
            scene.app("hello.py");
            try (Daemon daemon = Daemon.start(scene, "--config", scene.root.resolve("uwsgid.ini").toString())) {
                for (String delay : new String[] {"1", "2", "4", "4"}) {
                    daemon.await("loop - STARTING -> BACKOFF .*exit 3 before accepting.*retrying in " + delay + " s", START);
                }
                Uwsgictl.Result status = Uwsgictl.run(scene, "status", "loop");
                assertTrue(status.out().contains("BACKOFF") && status.out().contains("retrying in"), status.out());

                long cpuBefore = cpuTicks(daemon.pid());
                Thread.sleep(5000);
                long cpu = cpuTicks(daemon.pid()) - cpuBefore;
                assertTrue(cpu < 100, "the daemon used " + cpu + " ticks (1/100 s) of CPU in 5 s of crash loop");

                scene.writeSite("loop", broken.replace("exits_at_import.py", "hello.py"));
                daemon.await("loop - STARTING -> RUNNING", START);
            }
        }
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Proc.read(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    @Test
    void killingTheDaemonTakesNoSiteWithItAndANewDaemonRebuildsCleanly() throws Exception {
        try (Scene scene = new Scene("daemon9")) {
            scene.writeSite("one", scene.seedSite("one", "hello.py"));
            scene.writeSite("two", scene.seedSite("two", "hello.py"));
            List<Integer> pids = new ArrayList<>();
            try (Daemon first = Daemon.start(scene)) {
                first.await("(one|two) - STARTING -> RUNNING", START);
                first.await("(one|two) - STARTING -> RUNNING", START);
                pids.addAll(SiteProcesses.of(scene.pidFile("one")));
                pids.addAll(SiteProcesses.of(scene.pidFile("two")));
                first.signal("KILL");
                first.process.waitFor();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pids.stream().anyMatch(SiteProcesses::alive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(List.of(), pids.stream().filter(SiteProcesses::alive).toList(), "uWSGI processes outlived their daemon");
            try (Daemon second = Daemon.start(scene)) {
                second.await("(one|two) - STARTING -> RUNNING", START);
                second.await("(one|two) - STARTING -> RUNNING", START);
                for (String site : List.of("one", "two")) {
                    int master = SiteProcesses.masterPid(scene.pidFile(site));
                    assertFalse(pids.contains(master));
                    assertTrue(SiteProcesses.alive(master));
                }
                Uwsgictl.Result status = Uwsgictl.run(scene, "status", "--json");
                assertEquals(2, com.google.gson.JsonParser.parseString(status.out()).getAsJsonObject().getAsJsonArray("sites").size());
                assertEquals(Long.toString(second.pid()), Files.readString(scene.run.resolve("uwsgid.pid")).trim());
                try (Nginx nginx = Nginx.start(scene, Map.of("one", scene.socket("one"), "two", scene.socket("two")))) {
                    assertEquals(200, Http.await200(nginx.url("one"), Duration.ofSeconds(10)).status());
                    assertEquals(200, Http.await200(nginx.url("two"), Duration.ofSeconds(10)).status());
                }
            }
        }
    }

    @Test
    void aSocketFileDeletedUnderARunningSiteIsBoundAgain() throws Exception {
        try (Scene scene = new Scene("unlinked")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                Files.delete(scene.socket("myproject"));
                daemon.await("myproject - its socket \\[" + scene.socket("myproject") + "\\] was removed or replaced; binding it again", START);
                daemon.await("myproject - RELOADING -> RUNNING", START);
                assertTrue(Files.exists(scene.socket("myproject")));
                try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                    assertEquals(200, Http.await200(nginx.url("myproject"), Duration.ofSeconds(10)).status());
                }
            }
        }
    }
}
