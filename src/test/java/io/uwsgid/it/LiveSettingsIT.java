package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A HUP puts an edited metrics address and log format in force at once; the sites serve on. */
class LiveSettingsIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void aHupMovesMetricsToTheNewAddressAndSwitchesTheLogToJson() throws Exception {
        try (Scene scene = new Scene("live")) {
            int http = Nginx.freePort(), first = Nginx.freePort(), second = Nginx.freePort();
            scene.writeSite("web", MetricsIT.httpSite(scene, http));
            Path ini = Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nmetrics = 127.0.0.1:" + first + "\n");
            try (Daemon daemon = Daemon.start(scene, "--config", ini.toString())) {
                daemon.await("web - STARTING -> RUNNING", START);
                assertEquals(new Http.Response(200, "ok\n"), Http.get("http://127.0.0.1:" + first + "/healthz"));

                Files.writeString(ini, "[uwsgid]\nmetrics = 127.0.0.1:" + second + "\nlog-format = json\n");
                daemon.signal("HUP");
                daemon.await("metrics: http://127.0.0.1:" + second + "/metrics", Duration.ofSeconds(10));
                assertEquals(new Http.Response(200, "ok\n"), Http.get("http://127.0.0.1:" + second + "/healthz"));
                assertThrows(java.io.IOException.class, () -> Http.get("http://127.0.0.1:" + first + "/healthz"), "the old address is closed");
                String json = daemon.await("^\\{.*RELOADING -> RUNNING", START);
                assertTrue(json.contains("\"level\":\"INFO\"") && json.contains("\"site\":\"web\""), json);
                assertEquals(200, Http.get("http://127.0.0.1:" + http + "/").status(), "the site serves on");
            }
        }
    }
}
