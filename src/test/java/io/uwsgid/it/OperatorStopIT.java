package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An operator's stop lasts until an operator starts the site again, daemon restarts included. */
class OperatorStopIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void aSiteStoppedWithUwsgictlStaysStoppedWhenTheDaemonRestartsUntilItIsStarted() throws Exception {
        try (Scene scene = new Scene("opstop")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            scene.writeSite("other", scene.seedSite("other", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                daemon.await("other - STARTING -> RUNNING", START);
                Uwsgictl.Result stop = Uwsgictl.run(scene, "stop", "myproject");
                assertEquals(0, stop.exit(), stop.toString());
                assertEquals(0, daemon.stop(Duration.ofSeconds(30)));
            }
            assertEquals("myproject\n", Files.readString(scene.run.resolve("operator-stopped")));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("other - STARTING -> RUNNING", START);
                daemon.await("myproject - stays STOPPED \\(stopped by the operator before uwsgid restarted", START);
                assertTrue(stateOf(scene, "myproject").contains("STOPPED"), stateOf(scene, "myproject"));
                assertFalse(Files.exists(scene.pidFile("myproject")), "no pid file: nothing runs");
                Uwsgictl.Result all = Uwsgictl.run(scene, "reload", "--all");
                assertEquals(0, all.exit(), all.toString());
                assertTrue(all.out().contains("other: reloaded") && !all.out().contains("myproject"), all.toString());
                Uwsgictl.Result one = Uwsgictl.run(scene, "reload", "myproject");
                assertEquals(7, one.exit(), one.toString());
                assertTrue(one.err().contains("myproject not running (stopped by the operator); start it with uwsgictl start myproject"),
                        one.toString());
                assertTrue(stateOf(scene, "myproject").contains("STOPPED"), "a reload does not start it");

                Uwsgictl.Result start = Uwsgictl.run(scene, "start", "myproject");
                assertEquals(0, start.exit(), start.toString());
                assertTrue(SiteProcesses.alive(SiteProcesses.masterPid(scene.pidFile("myproject"))));
                assertEquals(0, daemon.stop(Duration.ofSeconds(30)));
            }
            assertEquals("", Files.readString(scene.run.resolve("operator-stopped")));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
            }
        }
    }

    @Test
    void aSiteStoppedWithSigintToItsPidStaysStoppedWhenTheDaemonRestarts() throws Exception {
        try (Scene scene = new Scene("intstop")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                int master = SiteProcesses.masterPid(scene.pidFile("myproject"));
                new ProcessBuilder("kill", "-INT", Integer.toString(master)).inheritIO().start().waitFor();
                daemon.await("myproject - RUNNING -> STOPPED .*stopped by the operator", START);
                assertEquals(0, daemon.stop(Duration.ofSeconds(30)));
            }
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - stays STOPPED", START);
                assertTrue(stateOf(scene, "myproject").contains("STOPPED"));
            }
        }
    }

    private static String stateOf(Scene scene, String site) throws Exception {
        Uwsgictl.Result r = Uwsgictl.run(scene, "status", site);
        return List.of(r.out().split("\n")).stream().filter(l -> l.startsWith(site + " ") || l.contains(" " + site + " "))
                .findFirst().orElse(r.out());
    }
}
