package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** uwsgictl reload: a new generation on the held socket, the old one retired only once the new one accepts. */
class ReloadIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void reloadsUnderContinuousRequestsLoseNone() throws Exception {
        try (Scene scene = new Scene("reload")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                    Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));
                    List<Load> loads = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        loads.add(new Load(nginx.url("myproject")));
                    }
                    int first = SiteProcesses.masterPid(scene.pidFile("myproject"));
                    for (int i = 0; i < 5; i++) {
                        Uwsgictl.Result r = Uwsgictl.run(scene, "reload", "myproject");
                        assertEquals(0, r.exit(), r.toString());
                        assertTrue(r.out().contains("myproject: reloaded: generation " + (i + 2)), r.out());
                    }
                    Thread.sleep(1500);
                    int ok = 0;
                    for (Load load : loads) {
                        load.close();
                        assertEquals(List.of(), load.failures(), "requests failed during reloads");
                        ok += load.ok();
                    }
                    assertTrue(ok > 100, "requests went through: " + ok);
                    int last = SiteProcesses.masterPid(scene.pidFile("myproject"));
                    assertTrue(last != first && SiteProcesses.alive(last) && !SiteProcesses.alive(first));
                }
            }
        }
    }

    @Test
    void reloadToAnAppThatFailsToImportKeepsTheOldGenerationServing() throws Exception {
        try (Scene scene = new Scene("badreload")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                    String before = Http.await200(nginx.url("myproject"), Duration.ofSeconds(10)).body();
                    int master = SiteProcesses.masterPid(scene.pidFile("myproject"));
                    Files.copy(scene.app("exits_at_import.py"), scene.apps.resolve("hello.py"), StandardCopyOption.REPLACE_EXISTING);

                    Uwsgictl.Result r = Uwsgictl.run(scene, "reload", "myproject");
                    assertEquals(1, r.exit(), r.toString());
                    assertTrue(r.err().contains("myproject: reload failed: generation 2") && r.err().contains("exit 3"), r.err());

                    assertEquals(master, SiteProcesses.masterPid(scene.pidFile("myproject")), "the pid file still names the old generation");
                    assertTrue(SiteProcesses.alive(master));
                    for (int i = 0; i < 20; i++) {
                        Http.Response resp = Http.get(nginx.url("myproject"));
                        assertEquals(200, resp.status());
                        assertTrue(resp.body().startsWith("hello from pid"), resp.body());
                    }
                    Uwsgictl.Result status = Uwsgictl.run(scene, "status", "myproject");
                    assertTrue(status.out().contains("RUNNING") && status.out().contains(" " + master + " "), status.out());
                    assertFalse(before.isEmpty());
                }
            }
        }
    }

    @Test
    void aNonRootCallerIsRefusedAndTheDenialIsLogged() throws Exception {
        try (Scene scene = new Scene("denied")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                for (String cmd : List.of("status", "stop")) {
                    Uwsgictl.Result r = cmd.equals("stop") ? Uwsgictl.runAs(scene, Scene.USER, cmd, "myproject")
                            : Uwsgictl.runAs(scene, Scene.USER, cmd);
                    assertEquals(4, r.exit(), r.toString());
                    assertTrue(r.err().contains("uid 65534 may not use uwsgid's control socket"), r.err());
                    daemon.await("control: refused '" + cmd + "' from uid 65534", Duration.ofSeconds(5));
                }
                assertTrue(SiteProcesses.alive(SiteProcesses.masterPid(scene.pidFile("myproject"))), "the refused stop changed nothing");
            }
        }
    }

    @Test
    void statusJsonMatchesWhatProcSays() throws Exception {
        try (Scene scene = new Scene("status")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                Uwsgictl.Result r = Uwsgictl.run(scene, "status", "--json");
                assertEquals(0, r.exit(), r.toString());
                com.google.gson.JsonObject site = com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject()
                        .getAsJsonArray("sites").get(0).getAsJsonObject();
                int pid = site.get("pid").getAsInt();
                assertEquals("myproject", site.get("name").getAsString());
                assertEquals("RUNNING", site.get("state").getAsString());
                assertEquals(SiteProcesses.masterPid(scene.pidFile("myproject")), pid);
                assertEquals(65534, io.uwsgid.os.Proc.status(pid).uid());
                assertEquals(scene.socket("myproject").toString(), site.getAsJsonArray("sockets").get(0).getAsString());
                assertEquals(1, site.get("generation").getAsInt());

                Uwsgictl.Result unknown = Uwsgictl.run(scene, "status", "nosuchsite");
                assertEquals(7, unknown.exit(), unknown.toString());
            }
        }
    }
}
