package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** /metrics, /healthz, uwsgictl status and JSON logs of a real uwsgid with real uWSGI sites. */
class MetricsIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SEEN = Duration.ofSeconds(30);

    /** A site serving HTTP itself on a loopback port, two workers, as nobody. */
    static String httpSite(Scene scene, int port) throws Exception {
        return String.join("\n", "[uwsgi]", "uid = " + Scene.USER, "gid = " + Scene.GROUP, "plugins = python3",
                "wsgi-file = " + scene.app("hello.py"), "http-socket = 127.0.0.1:" + port, "processes = 2", "");
    }

    private static String promtool(String text) throws Exception {
        Process p = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return "exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out);
    }

    private static void asNobody(String script) throws Exception {
        Shell.run("setpriv", "--reuid=" + Scene.USER, "--regid=" + Scene.GROUP, "--clear-groups", "--", "sh", "-c", script);
    }

    @Test
    void aLiveScrapePassesPromtoolAndCountsTheSitesRequestsProcessesAndMemory() throws Exception {
        try (Scene scene = new Scene("metrics")) {
            int http = Nginx.freePort(), port = Nginx.freePort();
            scene.writeSite("web", httpSite(scene, http));
            try (Daemon daemon = Daemon.start(scene, "--config", Scrape.config(scene, port).toString())) {
                daemon.await("web - STARTING -> RUNNING", START);
                Http.await200("http://127.0.0.1:" + http + "/", SEEN);
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, Http.get("http://127.0.0.1:" + http + "/").status());
                }
                Scrape s = Scrape.await(port, "uwsgid_site_requests_total{site=\"web\"}", v -> v == 5, SEEN);
                assertEquals("exit 0", promtool(s.text));
                assertEquals(1.0, s.value("uwsgid_site_stats_up{site=\"web\"}"));
                assertEquals(2.0, s.value("uwsgid_site_workers{site=\"web\",status=\"idle\"}") + s.value("uwsgid_site_workers{site=\"web\",status=\"busy\"}"));
                assertEquals(3.0, s.value("uwsgid_site_processes{site=\"web\"}"), "the uWSGI master and two workers");
                assertTrue(s.value("uwsgid_site_resident_memory_bytes{site=\"web\"}") > 1 << 20, s.text);
                assertTrue(s.value("uwsgid_site_average_response_time_seconds{site=\"web\"}") > 0);
                double started = s.value("uwsgid_site_start_time_seconds{site=\"web\"}");
                assertTrue(Math.abs(System.currentTimeMillis() / 1000.0 - started) < 600, "started " + started);
                assertEquals(1.0, s.value("uwsgid_site_spawn_to_accept_seconds_count{site=\"web\"}"));

                Uwsgictl.Result status = Uwsgictl.run(scene, "status");
                String row = status.out().lines().filter(l -> l.startsWith("web ")).findFirst().orElseThrow(() -> new AssertionError(status));
                assertTrue(row.matches("web +RUNNING .* \\d+(\\.\\d)?M +\\d+\\.\\ds +5 +\\d/2 +127\\.0\\.0\\.1:" + http), row);
            }
        }
    }

    @Test
    void reloadsCrashesAndAFatalSiteShowInMetricsAndHealth() throws Exception {
        try (Scene scene = new Scene("health")) {
            int port = Nginx.freePort();
            scene.writeSite("web", httpSite(scene, Nginx.freePort()));
            try (Daemon daemon = Daemon.start(scene, "--config", Scrape.config(scene, port).toString())) {
                daemon.await("web - STARTING -> RUNNING", START);
                assertEquals(new Http.Response(200, "ok\n"), Http.get("http://127.0.0.1:" + port + "/healthz"));

                assertEquals(0, Uwsgictl.run(scene, "reload", "web").exit());
                Scrape s = Scrape.await(port, "uwsgid_site_reloads_total{result=\"ok\",site=\"web\"}", v -> v == 1, SEEN);
                assertEquals(1.0, s.value("uwsgid_site_reload_duration_seconds_count{site=\"web\"}"));
                assertEquals(1.0, s.value("uwsgid_site_restarts_total{reason=\"reload\",site=\"web\"}"));
                assertEquals(2.0, s.value("uwsgid_site_generation{site=\"web\"}"));

                Shell.run("kill", "-KILL", Integer.toString(masterOf(scene, "web")));
                s = Scrape.await(port, "uwsgid_site_restarts_total{reason=\"crash\",site=\"web\"}", v -> v == 1, SEEN);
                assertEquals(9.0, s.value("uwsgid_site_last_exit_signal{site=\"web\"}"));

                // exists for root (so the checks before the spawn pass) but the site's user may not enter it: uWSGI itself refuses
                java.nio.file.Path closed = java.nio.file.Files.createDirectories(scene.root.resolve("closed"));
                java.nio.file.Files.setPosixFilePermissions(closed, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                scene.writeSite("nodir", httpSite(scene, Nginx.freePort()).replace("plugins = python3", "plugins = python3\nchdir = " + closed));
                Uwsgictl.run(scene, "rescan");
                daemon.await("nodir - STARTING -> FATAL", START);
                Http.Response h = awaitStatus("http://127.0.0.1:" + port + "/healthz", 503);
                assertTrue(h.body().startsWith("site nodir is FATAL: uWSGI refused the configuration"), h.body());
                Scrape.await(port, "uwsgid_sites{state=\"FATAL\"}", v -> v == 1, SEEN);
            }
        }
    }

    /** The loop's snapshot the endpoint answers from is up to 200 ms old. */
    private static Http.Response awaitStatus(String url, int status) throws Exception {
        long deadline = System.nanoTime() + SEEN.toNanos();
        Http.Response r = Http.get(url);
        while (r.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = Http.get(url);
        }
        return r;
    }

    /** The current uWSGI master of a site, as uwsgictl status --json names it. */
    private static int masterOf(Scene scene, String site) throws Exception {
        String json = Uwsgictl.run(scene, "status", site, "--json").out();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"pid\": (\\d+)").matcher(json);
        assertTrue(m.find(), json);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void aSymlinkPlantedInTheStatsDirectoryIsNotFollowed() throws Exception {
        try (Scene scene = new Scene("plant")) {
            int port = Nginx.freePort(), http = Nginx.freePort();
            scene.writeSite("web", httpSite(scene, http));
            scene.writeSite("other", httpSite(scene, Nginx.freePort()));
            try (Daemon daemon = Daemon.start(scene, "--config", Scrape.config(scene, port).toString())) {
                daemon.await("(web|other) - STARTING -> RUNNING", START);
                daemon.await("(web|other) - STARTING -> RUNNING", START);
                Scrape.await(port, "uwsgid_site_stats_up{site=\"web\"}", v -> v == 1, SEEN);
                Path stats = scene.run.resolve("sites/web/stats");
                Path elsewhere = scene.run.resolve("sites/other/stats/1.sock");
                asNobody("cd " + stats + " && mv 1.sock real.sock && ln -s " + elsewhere + " 1.sock");
                Scrape s = Scrape.await(port, "uwsgid_site_stats_up{site=\"web\"}", v -> v == 0, SEEN);
                assertEquals(1.0, s.value("uwsgid_site_stats_up{site=\"other\"}"), "the other site is still read");
                asNobody("cd " + stats + " && rm 1.sock && mv real.sock 1.sock");
                Scrape.await(port, "uwsgid_site_stats_up{site=\"web\"}", v -> v == 1, SEEN);
                assertTrue(daemon.process.isAlive());
            }
        }
    }

    @Test
    void jsonLogsNameTheSiteAndAnEmptyAddressTurnsMetricsOff() throws Exception {
        try (Scene scene = new Scene("jsonlog")) {
            scene.writeSite("web", httpSite(scene, Nginx.freePort()));
            Path config = java.nio.file.Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nmetrics =\nlog-format = json\n");
            try (Daemon daemon = Daemon.start(scene, "--config", config.toString())) {
                String line = daemon.await("\"site\":\"web\",\"message\":\"STARTING -> RUNNING", START);
                assertTrue(line.startsWith("{\"time\":\"") && line.endsWith("}"), line);
                assertFalse(daemon.log().contains("metrics: http"), daemon.log());
            }
        }
    }
}
