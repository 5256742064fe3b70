package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sites choosing different Python plugins run side by side under one daemon, as the seed's
 * python27 and python34 did. Debian 12 ships two names, python3 and python311, both Python 3.11;
 * a self-built plugin for another Python is added the same way (docs/CHECK.md).
 */
class PythonVersionsIT {
    @Test
    void sitesWithDifferentPythonPluginsServeSideBySide() throws Exception {
        try (Scene scene = new Scene("pythons")) {
            for (String plugin : new String[] {"python3", "python311"}) {
                scene.writeSite(plugin, scene.seedSite(plugin, "pyversion.py").replace("plugins = python3", "plugins = " + plugin
                        + "\nenv = UWSGID_PLUGIN=" + plugin).replace("python-path = " + scene.apps.resolve("venv/lib/python3.11/site-packages") + "\n", ""));
            }
            Path config = Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nnginx-user = " + Scene.USER + "\n");
            Uwsgictl.Result check = Uwsgictl.offline("check", "--config", config.toString(), "--sites-dir", scene.sites.toString());
            assertEquals(0, check.exit(), check.toString());
            try (Daemon daemon = Daemon.start(scene, "--config", config.toString())) {
                daemon.await("python3 - STARTING -> RUNNING", Duration.ofSeconds(60));
                daemon.await("python311 - STARTING -> RUNNING", Duration.ofSeconds(60));
                try (Nginx nginx = Nginx.start(scene, Map.of("python3", scene.socket("python3"), "python311", scene.socket("python311")))) {
                    assertEquals("python 3.11 via python3\n", Http.await200(nginx.url("python3"), Duration.ofSeconds(20)).body());
                    assertEquals("python 3.11 via python311\n", Http.await200(nginx.url("python311"), Duration.ofSeconds(20)).body());
                }
            }
        }
    }
}
