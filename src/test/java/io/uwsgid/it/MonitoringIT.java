package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboard and alert rules the packages ship (packaging/monitoring/) against a live uwsgid
 * running a real uWSGI site, scraped by a real Prometheus that loads the rules: every metric
 * name they read is one the daemon exports, every dashboard query runs, every rule evaluates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringIT {
    static final Path DASHBOARD = Path.of("packaging/monitoring/uwsgid-dashboard.json").toAbsolutePath();
    static final Path ALERTS = Path.of("packaging/monitoring/uwsgid-alerts.yml").toAbsolutePath();
    /** Made by Prometheus itself for every target it scrapes: the one name uwsgid need not export. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration SEEN = Duration.ofSeconds(60);
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    Scene scene;
    Daemon daemon;
    Prometheus prom;
    /** Metric names of the live scrape, after a request and a reload. */
    Set<String> exported;

    @BeforeAll
    void startADaemonWithASiteThatServedAndReloaded() throws Exception {
        scene = new Scene("monitoring");
        int http = Nginx.freePort(), port = Nginx.freePort();
        scene.writeSite("web", MetricsIT.httpSite(scene, http));
        daemon = Daemon.start(scene, "--config", Scrape.config(scene, port).toString());
        daemon.await("web - STARTING -> RUNNING", START);
        Http.await200("http://127.0.0.1:" + http + "/", SEEN);
        Uwsgictl.Result reload = Uwsgictl.run(scene, "reload", "web");
        assertEquals(0, reload.exit(), reload.toString());
        Scrape s = Scrape.await(port, "uwsgid_site_reloads_total{result=\"ok\",site=\"web\"}", v -> v == 1, SEEN);
        exported = exportedNames(s.text);
        prom = Prometheus.start(scene, port, List.of(ALERTS));
        prom.await("uwsgid_site_up{site=\"web\"}", v -> v == 1, SEEN);
    }

    @AfterAll
    void stop() throws Exception {
        try (Scene sc = scene; Daemon d = daemon; Prometheus p = prom) {
            // closed in reverse order: Prometheus, the daemon, then the scene's files
        }
    }

    /** Names of the samples in a scrape (histograms show as NAME_bucket, NAME_sum, NAME_count). */
    static Set<String> exportedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Every query of the dashboard (panels and template variables), by where it is. */
    static Map<String, String> dashboardQueries() throws Exception {
        JsonObject d = JsonParser.parseString(Files.readString(DASHBOARD)).getAsJsonObject();
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonElement p : d.getAsJsonArray("panels")) {
            JsonObject panel = p.getAsJsonObject();
            for (JsonElement t : panel.getAsJsonArray("targets")) {
                JsonObject target = t.getAsJsonObject();
                queries.put("panel '" + panel.get("title").getAsString() + "' " + target.get("refId").getAsString(), target.get("expr").getAsString());
            }
        }
        for (JsonElement v : d.getAsJsonObject("templating").getAsJsonArray("list")) {
            JsonObject var = v.getAsJsonObject();
            if (var.get("type").getAsString().equals("query")) {
                JsonElement q = var.get("query");
                queries.put("variable $" + var.get("name").getAsString(), q.isJsonObject() ? q.getAsJsonObject().get("query").getAsString() : q.getAsString());
            }
        }
        return queries;
    }

    /** Every alerting rule as the running Prometheus loaded it. */
    List<JsonObject> loadedRules() throws Exception {
        JsonArray groups = prom.api("/api/v1/rules?type=alert").getAsJsonObject("data").getAsJsonArray("groups");
        return groups.asList().stream().flatMap(g -> g.getAsJsonObject().getAsJsonArray("rules").asList().stream()).map(JsonElement::getAsJsonObject).toList();
    }

    /** "where: name" for each name a query uses that is neither exported nor Prometheus' own. */
    static List<String> unknown(Map<String, String> queries, Set<String> exported) {
        return queries.entrySet().stream().flatMap(e -> PromqlNames.of(e.getValue()).stream()
                .filter(n -> !exported.contains(n) && !PROMETHEUS_OWN.contains(n)).map(n -> e.getKey() + ": " + n)).toList();
    }

    Map<String, String> everyQuery() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>(dashboardQueries());
        for (JsonObject r : loadedRules()) {
            queries.put("alert " + r.get("name").getAsString(), r.get("query").getAsString());
        }
        return queries;
    }

    @Test
    void everyMetricTheDashboardAndTheAlertsReadIsOneTheLiveDaemonExports() throws Exception {
        Map<String, String> queries = everyQuery();
        assertEquals(List.of(), unknown(queries, exported), "names not in the live scrape:\n" + String.join("\n", exported));
        Set<String> used = new TreeSet<>();
        queries.values().forEach(q -> used.addAll(PromqlNames.of(q)));
        assertTrue(used.containsAll(Set.of("up", "uwsgid_site_up", "uwsgid_site_state", "uwsgid_site_restarts_total",
                "uwsgid_site_reloads_total", "uwsgid_site_listen_queue", "uwsgid_site_listen_queue_errors_total",
                "uwsgid_site_reload_duration_seconds_bucket", "uwsgid_site_requests_total", "jvm_memory_used_bytes")), used.toString());
        assertTrue(used.size() >= 20, "the queries read only " + used);
    }

    @Test
    void aMadeUpNameInAQueryIsReported() {
        Map<String, String> made = Map.of("panel 'Requests' A", "sum by (site) (rate(uwsgid_site_requests_total[5m])) / uwsgid_site_requests_made_up_total",
                "alert SiteDown", "uwsgid_site_up == 0 unless on (site) uwsgid_site_stopped{state=\"STOPPED\"}");
        assertEquals(Set.of("panel 'Requests' A: uwsgid_site_requests_made_up_total", "alert SiteDown: uwsgid_site_stopped"),
                Set.copyOf(unknown(made, exported)));
    }

    @Test
    void everyDashboardQueryRunsOnPrometheusAndSiteUpShowsTheSite() throws Exception {
        for (Map.Entry<String, String> q : dashboardQueries().entrySet()) {
            String promql = q.getValue().replace("$__rate_interval", "1m").replace("${instance}", ".*").replace("$instance", ".*")
                    .replace("${site}", ".*").replace("$site", ".*");
            if (q.getKey().startsWith("variable ")) {
                Matcher lv = Pattern.compile("^label_values\\((.*),\\s*(\\w+)\\)$").matcher(promql);
                assertTrue(lv.matches(), q.toString());
                JsonArray values = prom.api("/api/v1/label/" + lv.group(2) + "/values?match[]=" + Prometheus.encode(lv.group(1)))
                        .getAsJsonArray("data");
                assertFalse(values.isEmpty(), q + " offers no value");
            } else {
                prom.api("/api/v1/query?query=" + Prometheus.encode(promql));
            }
        }
        String siteUp = dashboardQueries().get("panel 'Site up' A").replace("$instance", ".*").replace("$site", ".*");
        assertEquals(1.0, prom.await(siteUp, v -> v == 1, SEEN));
    }

    @Test
    void prometheusLoadsEveryAlertWithAWaitASeverityAndTextThatNamesTheSiteAndEvaluatesItWithoutError() throws Exception {
        long deadline = System.nanoTime() + SEEN.toNanos();
        List<JsonObject> rules = loadedRules();
        while (rules.stream().anyMatch(r -> !r.get("health").getAsString().equals("ok")) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            rules = loadedRules();
        }
        Set<String> names = new TreeSet<>();
        for (JsonObject r : rules) {
            String name = r.get("name").getAsString();
            names.add(name);
            assertEquals("ok", r.get("health").getAsString(), r.toString());
            assertTrue(r.get("duration").getAsDouble() >= 60, name + " has no for: of a minute or more");
            assertTrue(Set.of("critical", "warning").contains(r.getAsJsonObject("labels").get("severity").getAsString()), r.toString());
            JsonObject a = r.getAsJsonObject("annotations");
            String who = name.equals("DaemonDown") ? "{{ $labels.instance }}" : "{{ $labels.site }}";
            assertTrue(a.get("summary").getAsString().contains(who) && a.get("description").getAsString().contains(who), r.toString());
            assertTrue(a.get("description").getAsString().contains("uwsgictl "), name + " does not say what to do");
            assertEquals("inactive", r.get("state").getAsString(), name + " fires for a healthy site: " + r);
        }
        assertTrue(names.containsAll(Set.of("SiteDown", "RestartLoop", "ReloadFailed", "ListenQueueSaturated", "SiteFatal", "DaemonDown")), names.toString());
    }
}
