package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A real Prometheus scrapes uwsgid and sees a site go up, down, and restart. */
class PrometheusIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SEEN = Duration.ofSeconds(60);

    @Test
    void prometheusSeesASiteUpThenDownAfterStopAndCountsARestart() throws Exception {
        try (Scene scene = new Scene("prometheus")) {
            scene.writeSite("web", scene.seedSite("web", "hello.py"));
            int port = Nginx.freePort();
            Path config = Scrape.config(scene, port);
            try (Daemon daemon = Daemon.start(scene, "--config", config.toString());
                 Prometheus prom = Prometheus.start(scene, port)) {
                daemon.await("web - STARTING -> RUNNING", START);
                assertEquals(1.0, prom.await("uwsgid_site_up{site=\"web\"}", v -> v == 1, SEEN));

                Uwsgictl.Result stop = Uwsgictl.run(scene, "stop", "web");
                assertEquals(0, stop.exit(), stop.toString());
                assertEquals(0.0, prom.await("uwsgid_site_up{site=\"web\"}", v -> v == 0, SEEN));
                assertEquals(1.0, prom.await("uwsgid_site_state{site=\"web\",state=\"STOPPED\"}", v -> v == 1, SEEN));

                Uwsgictl.Result start = Uwsgictl.run(scene, "start", "web");
                assertEquals(0, start.exit(), start.toString());
                prom.await("uwsgid_site_up{site=\"web\"}", v -> v == 1, SEEN);
                double before = prom.await("sum(uwsgid_site_restarts_total{site=\"web\"})", v -> true, SEEN);
                Uwsgictl.Result restart = Uwsgictl.run(scene, "restart", "web");
                assertEquals(0, restart.exit(), restart.toString());
                prom.await("sum(uwsgid_site_restarts_total{site=\"web\"})", v -> v == before + 1, SEEN);
                assertEquals(1.0, prom.await("uwsgid_site_restarts_total{site=\"web\",reason=\"operator\"}", v -> v == 1, SEEN));
                assertEquals(1.0, prom.await("uwsgid_site_up{site=\"web\"}", v -> v == 1, SEEN));
            }
        }
    }
}
