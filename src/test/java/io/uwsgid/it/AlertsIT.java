package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules in a real Prometheus scraping a live uwsgid whose sites are healthy,
 * stopped by an operator, FATAL, crash-looping and rolled back: each alert becomes active for
 * the site it is about, with its text naming it, and for no other site.
 */
class AlertsIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SEEN = Duration.ofSeconds(90);

    @Test
    void eachAlertGoesActiveForTheSiteItIsAboutAndNoOther() throws Exception {
        try (Scene scene = new Scene("alerts")) {
            int port = Nginx.freePort();
            scene.writeSite("web", MetricsIT.httpSite(scene, Nginx.freePort()));
            scene.writeSite("off", MetricsIT.httpSite(scene, Nginx.freePort()));
            scene.writeSite("loop", MetricsIT.httpSite(scene, Nginx.freePort()).replace(scene.apps.resolve("hello.py").toString(),
                    scene.app("exits_at_import.py").toString()));
            Path shopApp = Files.copy(scene.app("hello.py"), scene.apps.resolve("shop.py"));
            scene.writeSite("shop", MetricsIT.httpSite(scene, Nginx.freePort()).replace(scene.apps.resolve("hello.py").toString(), shopApp.toString()));
            // exists for root (so the checks before the spawn pass) but nobody may enter it: uWSGI refuses the configuration
            Path closed = Files.createDirectories(scene.root.resolve("closed"));
            Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
            scene.writeSite("nodir", MetricsIT.httpSite(scene, Nginx.freePort()).replace("plugins = python3", "plugins = python3\nchdir = " + closed));
            Path config = Scrape.config(scene, port, "backoff-cap = 2");
            try (Daemon daemon = Daemon.start(scene, "--config", config.toString());
                 Prometheus prom = Prometheus.start(scene, port, List.of(MonitoringIT.ALERTS))) {
                for (String site : List.of("web", "off", "shop")) {
                    daemon.await(site + " - STARTING -> RUNNING", START);
                }
                daemon.await("nodir - STARTING -> FATAL", START);
                daemon.await("loop - STARTING -> BACKOFF", START);
                prom.await("uwsgid_site_up{site=\"shop\"}", v -> v == 1, SEEN);

                Uwsgictl.Result stop = Uwsgictl.run(scene, "stop", "off");
                assertEquals(0, stop.exit(), stop.toString());
                Files.copy(scene.app("exits_at_import.py"), shopApp, StandardCopyOption.REPLACE_EXISTING);
                Uwsgictl.Result reload = Uwsgictl.run(scene, "reload", "shop");
                assertEquals(1, reload.exit(), "the broken reload is rolled back: " + reload);

                Map<String, Set<String>> wanted = Map.of("SiteFatal", Set.of("nodir"), "SiteDown", Set.of("loop"),
                        "RestartLoop", Set.of("loop"), "ReloadFailed", Set.of("shop"));
                Map<String, Set<String>> active = awaitActive(prom, wanted);
                assertEquals(new TreeMap<>(wanted), active, "alerts pending or firing, by the sites they name");
                Thread.sleep(5000); // five more evaluations and scrapes: nothing else turns up
                assertEquals(new TreeMap<>(wanted), activeNow(prom), "alerts pending or firing 5 s later");
                for (JsonObject alert : alerts(prom)) {
                    String site = alert.getAsJsonObject("labels").get("site").getAsString();
                    JsonObject text = alert.getAsJsonObject("annotations");
                    assertTrue(text.get("summary").getAsString().contains("site " + site + " on 127.0.0.1:" + port), alert.toString());
                    assertTrue(text.get("description").getAsString().contains("uwsgictl "), alert.toString());
                }
            }
        }
    }

    /** Active alerts (pending or firing) as alert name to the sites they name, once they equal {@code wanted} or time runs out. */
    private static Map<String, Set<String>> awaitActive(Prometheus prom, Map<String, Set<String>> wanted) throws Exception {
        long deadline = System.nanoTime() + SEEN.toNanos();
        Map<String, Set<String>> active = Map.of();
        while (System.nanoTime() < deadline) {
            active = activeNow(prom);
            if (active.equals(wanted)) {
                break;
            }
            Thread.sleep(500);
        }
        return active;
    }

    private static Map<String, Set<String>> activeNow(Prometheus prom) throws Exception {
        Map<String, Set<String>> active = new TreeMap<>();
        for (JsonObject a : alerts(prom)) {
            JsonObject labels = a.getAsJsonObject("labels");
            String site = labels.has("site") ? labels.get("site").getAsString() : "(none)";
            active.computeIfAbsent(labels.get("alertname").getAsString(), k -> new TreeSet<>()).add(site);
        }
        return active;
    }

    private static List<JsonObject> alerts(Prometheus prom) throws Exception {
        return prom.api("/api/v1/alerts").getAsJsonObject("data").getAsJsonArray("alerts").asList().stream()
                .map(JsonElement::getAsJsonObject).toList();
    }
}
