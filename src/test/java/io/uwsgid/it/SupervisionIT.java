package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.Proc;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Children that die, are signalled through their pid files, or run beside broken sites. */
class SupervisionIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void killedChildComesBackAndRequestsSentMeanwhileSucceed() throws Exception {
        try (Scene scene = new Scene("crash")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                    Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));
                    int before = SiteProcesses.masterPid(scene.pidFile("myproject"));
                    try (Load load = new Load(nginx.url("myproject"))) {
                        Thread.sleep(300);
                        Shell.run("kill", "-9", Integer.toString(before));
                        daemon.await("myproject - STARTING -> RUNNING", START);
                        Thread.sleep(500);
                        load.close();
                        assertEquals(List.of(), load.failures(), "requests sent while the child was replaced");
                        assertTrue(load.ok() > 10, "requests went through: " + load.ok());
                    }
                    int after = SiteProcesses.masterPid(scene.pidFile("myproject"));
                    assertNotEquals(before, after);
                    assertTrue(SiteProcesses.alive(after));
                }
            }
        }
    }

    /** nohup ignores SIGHUP and a shell's background job SIGINT; the JVM would keep them ignored. */
    @Test
    void signalsIgnoredByWhatStartedTheDaemonStillReloadAndStopIt() throws Exception {
        try (Scene scene = new Scene("nohup")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            List<String> ignoring = List.of("sh", "-c", "trap '' HUP INT; exec \"$@\"", "sh");
            try (Daemon daemon = Daemon.start(scene, ignoring, Map.of())) {
                daemon.await("SIGHUP was ignored when uwsgid started", START);
                daemon.await("SIGINT was ignored when uwsgid started", START);
                daemon.await("myproject - STARTING -> RUNNING", START);
                daemon.signal("HUP");
                daemon.await("myproject - RELOADING -> RUNNING", START);
                daemon.signal("INT");
                assertTrue(daemon.process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS), "uwsgid exits after INT");
                assertEquals(0, daemon.process.exitValue());
            }
        }
    }

    @Test
    void interruptStopsEverySiteAndLeavesNoProcessSocketOrPidFile() throws Exception {
        try (Scene scene = new Scene("int")) {
            scene.writeSite("one", scene.seedSite("one", "hello.py"));
            scene.writeSite("two", scene.seedSite("two", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("(one|two) - STARTING -> RUNNING", START);
                daemon.await("(one|two) - STARTING -> RUNNING", START);
                List<Integer> pids = new java.util.ArrayList<>(SiteProcesses.of(scene.pidFile("one")));
                pids.addAll(SiteProcesses.of(scene.pidFile("two")));
                assertEquals(6, pids.size());
                daemon.signal("INT");
                assertTrue(daemon.process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS), "uwsgid exits after INT");
                assertEquals(0, daemon.process.exitValue());
                for (int pid : pids) {
                    assertFalse(SiteProcesses.alive(pid), "pid " + pid + " survived");
                }
                for (String site : List.of("one", "two")) {
                    assertFalse(Files.exists(scene.socket(site)), "vacuum removes " + scene.socket(site));
                    assertFalse(Files.exists(scene.pidFile(site)), "pid file of " + site + " removed");
                }
                assertFalse(Files.exists(scene.run.resolve("uwsgid.pid")), "the master's own pid file is removed");
            }
        }
    }

    @Test
    void hangupStartsAddedSitesAndStopsRemovedOnes() throws Exception {
        try (Scene scene = new Scene("hup")) {
            scene.writeSite("old", scene.seedSite("old", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("old - STARTING -> RUNNING", START);
                List<Integer> oldPids = SiteProcesses.of(scene.pidFile("old"));
                Files.delete(scene.sites.resolve("old.ini"));
                scene.writeSite("added", scene.seedSite("added", "hello.py"));
                daemon.signal("HUP");
                daemon.await("old - STOPPING -> STOPPED", START);
                daemon.await("added - STARTING -> RUNNING", START);
                for (int pid : oldPids) {
                    assertFalse(SiteProcesses.alive(pid), "the removed site's pid " + pid + " is gone");
                }
                assertFalse(Files.exists(scene.socket("old")));
                try (Nginx nginx = Nginx.start(scene, Map.of("added", scene.socket("added")))) {
                    assertEquals(200, Http.await200(nginx.url("added"), Duration.ofSeconds(10)).status());
                }
            }
        }
    }

    @Test
    void brokenSitesAreFatalWithFileAndLineWhileTheGoodOneServes() throws Exception {
        try (Scene scene = new Scene("broken")) {
            scene.writeSite("good", scene.seedSite("good", "hello.py"));
            scene.writeSite("nouser", scene.seedSite("nouser", "hello.py").replace("uid = nobody", "uid = nosuchuser"));
            scene.writeSite("nodir", scene.seedSite("nodir", "hello.py").replace("chdir = " + scene.apps, "chdir = /nonexistent"));
            java.nio.file.Path closed = java.nio.file.Files.createDirectories(scene.root.resolve("closed"));
            java.nio.file.Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            scene.writeSite("closeddir", scene.seedSite("closeddir", "hello.py").replace("chdir = " + scene.apps, "chdir = " + closed));
            try (Daemon daemon = Daemon.start(scene)) {
                String nouser = daemon.await("nouser - STOPPED -> FATAL", START);
                assertTrue(nouser.contains(scene.sites.resolve("nouser.ini") + ":3: user 'nosuchuser' does not exist; fix: "), nouser);
                String nodir = daemon.await("nodir - STOPPED -> FATAL", START);
                assertTrue(nodir.contains(scene.sites.resolve("nodir.ini") + ":6: error: chdir /nonexistent does not exist"), "refused before the spawn: " + nodir);
                String closeddir = daemon.await("closeddir - STARTING -> FATAL", START);
                assertTrue(closeddir.contains("uWSGI refused the configuration (exit 1)") && closeddir.contains("chdir()"), closeddir);
                daemon.await("good - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("good", scene.socket("good")))) {
                    assertEquals(200, Http.await200(nginx.url("good"), Duration.ofSeconds(10)).status());
                }
                Thread.sleep(3000);
                assertFalse(daemon.log().contains("nodir - FATAL ->") || daemon.log().contains("closeddir - FATAL ->"),
                        "a FATAL site is not retried until its file changes");
                assertTrue(daemon.process.isAlive());
            }
        }
    }

    /**
     * uWSGI's master can wedge for its whole worker mercy (60 s) if it gets SIGINT while it is
     * still respawning workers after a reload: wait for them, as an operator would.
     */
    private static void awaitWorkers(int master, int workers) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (Proc.processGroup(master).size() < workers + 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
    }

    @Test
    void pidFileSignalsReloadInPlaceAndStopWithoutRespawn() throws Exception {
        try (Scene scene = new Scene("pidfile")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                int master = SiteProcesses.masterPid(scene.pidFile("myproject"));
                awaitWorkers(master, 2); // a HUP that arrives while uWSGI still sets up its workers is lost
                Shell.run("kill", "-HUP", Integer.toString(master));
                daemon.await("myproject - generation 1 \\(pid " + master + "\\) reloaded itself in place", START);
                assertEquals(master, SiteProcesses.masterPid(scene.pidFile("myproject")));
                awaitWorkers(master, 2);

                Shell.run("uwsgi", "--stop", scene.pidFile("myproject").toString());
                daemon.await("myproject - RUNNING -> STOPPED .*stopped by the operator", START);
                int mark = daemon.log().length();
                Thread.sleep(2000);
                assertFalse(SiteProcesses.alive(master));
                assertTrue(Proc.processGroup(master).isEmpty(), "no worker left");
                assertFalse(daemon.log().substring(mark).contains("myproject - STOPPED -> STARTING"), "an operator stop is not undone");
                assertFalse(Files.exists(scene.pidFile("myproject")));
            }
        }
    }
}
