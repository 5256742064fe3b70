package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The security invariants of ARCHITECTURE.md, attacked on a running uwsgid. */
class SecurityIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void aChrootSiteRunsInsideItsJailWithoutPrivileges() throws Exception {
        try (Scene scene = new Scene("chroot"); Jail jail = Jail.build(scene, "hello.py")) {
            scene.writeSite("jailed", String.join("\n", "[uwsgi]", "uid = nobody", "gid = nogroup", "chroot = " + jail.root,
                    "plugins = python3", "wsgi-file = /app/hello.py", "socket = " + scene.socket("jailed"), "chmod-socket = 644",
                    "pidfile = " + scene.pidFile("jailed"), "processes = 2", "master = true", ""));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("jailed - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("jailed", scene.socket("jailed")))) {
                    assertTrue(Http.await200(nginx.url("jailed"), Duration.ofSeconds(10)).body().contains("uid 65534"));
                }
                for (int pid : SiteProcesses.of(scene.pidFile("jailed"))) {
                    assertEquals(jail.root.toString(), Files.readSymbolicLink(Path.of("/proc/" + pid + "/root")).toString(), "pid " + pid);
                    Proc.Status st = Proc.status(pid);
                    assertEquals(List.of(65534, 65534, 65534, 65534), List.of(st.uid(), st.euid(), st.gid(), st.egid()));
                    assertEquals(List.of(65534), st.groups());
                    assertTrue(st.noNewPrivs());
                    assertEquals(0L, st.capEff());
                }
            }
        }
    }

    @Test
    void aSiteAsRootWithoutChrootIsRefused() throws Exception {
        try (Scene scene = new Scene("root")) {
            scene.writeSite("rooty", scene.seedSite("rooty", "hello.py").replace("uid = nobody", "uid = root").replace("gid = nogroup", "gid = root"));
            scene.writeSite("good", scene.seedSite("good", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                String line = daemon.await("rooty - STOPPED -> FATAL", START);
                assertTrue(line.contains("rooty.ini:3: the site would run as root without a chroot; fix: "), line);
                daemon.await("good - STARTING -> RUNNING", START);
                assertFalse(Files.exists(scene.socket("rooty")));
            }
        }
    }

    @Test
    void noSecretOfTheSiteFileShowsInAnyCommandLineOrReadableEnvironment() throws Exception {
        try (Scene scene = new Scene("secret")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py") + "env = SECRET_KEY=hunter2-do-not-leak\n");
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                List<Integer> pids = SiteProcesses.of(scene.pidFile("myproject"));
                for (int pid : pids) {
                    assertFalse(Proc.read(Path.of("/proc/" + pid + "/cmdline")).contains("hunter2"), "cmdline of " + pid);
                    assertEquals(1, Shell.status("setpriv", "--reuid=www-data", "--regid=www-data", "--clear-groups", "cat",
                            "/proc/" + pid + "/environ"), "another user cannot read the environment of " + pid);
                }
                String cmdlines = Proc.read(Path.of("/proc/" + daemon.pid() + "/cmdline"));
                assertFalse(cmdlines.contains("hunter2"));
                Path generated = scene.run.resolve("sites/myproject/uwsgi.ini");
                assertTrue(Files.readString(generated).contains("hunter2"), "the secret travels in the generated file");
                assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(generated)));
                assertEquals(1, Shell.status("setpriv", "--reuid=www-data", "--regid=www-data", "--clear-groups", "cat", generated.toString()));
            }
        }
    }

    @Test
    void aUwsgiBinaryOthersCanWriteIsRefused() throws Exception {
        try (Scene scene = new Scene("strict")) {
            Path bin = Files.createDirectories(scene.root.resolve("bin"));
            Files.copy(Path.of("/usr/bin/uwsgi-core"), bin.resolve("uwsgi"));
            Files.setPosixFilePermissions(bin, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
            Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nuwsgi = " + bin.resolve("uwsgi") + "\n");
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene, "--config", scene.root.resolve("uwsgid.ini").toString())) {
                // refused by the checks before every spawn: FATAL, in uwsgictl check's words, until an operator starts it
                String line = daemon.await("myproject - STOPPED -> FATAL", START);
                assertTrue(line.contains("refusing to run " + bin.resolve("uwsgi") + " as root: " + bin + " is writable by others (mode 0777); fix: chmod go-w " + bin), line);
                assertFalse(Files.exists(scene.pidFile("myproject")), "nothing ran");
            }
        }
    }
}
