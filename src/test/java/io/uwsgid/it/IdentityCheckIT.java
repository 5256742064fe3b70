package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The ids of every spawned generation are read from /proc before it counts as running. A
 * privilege drop that leaves no_new_privs unset (a setpriv that ignores the flag, here a root-owned
 * wrapper that drops it) makes the site FATAL with a security error, and its processes are gone.
 */
class IdentityCheckIT {
    @Test
    void aDropWithoutNoNewPrivsIsRefusedAndKilled() throws Exception {
        Path dir = Files.createDirectories(Path.of("/usr/local/lib/uwsgid-it-" + ProcessHandle.current().pid()));
        try (Scene scene = new Scene("identity")) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path setpriv = Files.writeString(dir.resolve("setpriv"), String.join("\n",
                    "#!/bin/sh",
                    "for a in \"$@\"; do shift; [ \"$a\" = --no-new-privs ] || set -- \"$@\" \"$a\"; done",
                    "exec /usr/bin/setpriv \"$@\"", ""));
            Files.setPosixFilePermissions(setpriv, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path ini = Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nsetpriv = " + setpriv + "\n");
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene, "--config", ini.toString())) {
                String line = daemon.await("myproject - .* -> FATAL", Duration.ofSeconds(30));
                assertTrue(line.contains("security: generation 1") && line.contains("no_new_privs is not set"), line);
                Uwsgictl.Result status = Uwsgictl.run(scene, "status", "myproject");
                assertTrue(status.out().contains("FATAL"), status.out());
                Thread.sleep(1000);
                assertEquals(1, Shell.status("pgrep", "-u", Scene.USER, "-f", scene.root.toString()),
                        "no process of the refused generation is left (pgrep found one)");
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }
}
