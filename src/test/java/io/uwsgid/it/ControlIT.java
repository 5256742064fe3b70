package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** start, stop and restart as systemd users expect them, and a control group with exactly the access it is given. */
class ControlIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void stopHoldsAcrossHupUntilStartAndRestartGivesANewGeneration() throws Exception {
        try (Scene scene = new Scene("ctl")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                int first = SiteProcesses.masterPid(scene.pidFile("myproject"));

                Uwsgictl.Result stop = Uwsgictl.run(scene, "stop", "myproject");
                assertEquals(0, stop.exit(), stop.toString());
                assertTrue(stop.out().contains("myproject: stopped"), stop.out());
                assertFalse(SiteProcesses.alive(first));

                daemon.signal("HUP");
                daemon.await("SIGHUP: myproject: stopped by the operator; stays stopped until uwsgictl start myproject", START);
                Thread.sleep(1000);
                Uwsgictl.Result status = Uwsgictl.run(scene, "status", "myproject");
                assertTrue(status.out().contains("STOPPED"), "an operator's stop holds across HUP: " + status.out());
                assertFalse(Files.exists(scene.pidFile("myproject")));

                Uwsgictl.Result start = Uwsgictl.run(scene, "start", "myproject");
                assertEquals(0, start.exit(), start.toString());
                assertTrue(start.out().contains("myproject: running: generation 2"), start.out());
                int second = SiteProcesses.masterPid(scene.pidFile("myproject"));

                Uwsgictl.Result restart = Uwsgictl.run(scene, "restart", "myproject");
                assertEquals(0, restart.exit(), restart.toString());
                assertTrue(restart.out().contains("myproject: running: generation 3"), restart.out());
                assertNotEquals(second, SiteProcesses.masterPid(scene.pidFile("myproject")));
                assertFalse(SiteProcesses.alive(second));

                Uwsgictl.Result noWait = Uwsgictl.run(scene, "reload", "myproject", "--no-wait");
                assertEquals(0, noWait.exit(), noWait.toString());
                assertTrue(noWait.out().contains("reload requested for 1 sites"), noWait.out());
            }
        }
    }

    @Test
    void aControlGroupWithReadAccessMayReadStatusButNotStopASite() throws Exception {
        try (Scene scene = new Scene("group")) {
            Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\ncontrol-group = " + Scene.GROUP + "\ncontrol-group-access = read\n");
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene, "--config", scene.root.resolve("uwsgid.ini").toString())) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                Uwsgictl.Result status = Uwsgictl.runAs(scene, Scene.USER, "status");
                assertEquals(0, status.exit(), status.toString());
                assertTrue(status.out().contains("myproject") && status.out().contains("RUNNING"), status.out());

                Uwsgictl.Result stop = Uwsgictl.runAs(scene, Scene.USER, "stop", "myproject");
                assertEquals(4, stop.exit(), stop.toString());
                assertTrue(stop.err().contains("group nogroup may only read status; 'stop' needs root"), stop.err());
                assertTrue(SiteProcesses.alive(SiteProcesses.masterPid(scene.pidFile("myproject"))));
            }
        }
    }
}
