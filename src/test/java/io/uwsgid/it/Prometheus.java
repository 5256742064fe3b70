package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;

/** A real Prometheus server (Debian's package) on loopback, scraping one uwsgid every second, asked through its HTTP query API. */
final class Prometheus implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/prometheus");
    final Process process;
    final int port;
    final Path log;

    private Prometheus(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Prometheus start(Scene scene, int uwsgidPort) throws Exception {
        return start(scene, uwsgidPort, List.of());
    }

    /** Also loads {@code rules} (rule files), evaluated every second. */
    static Prometheus start(Scene scene, int uwsgidPort, List<Path> rules) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: bin/install-deps installs Debian's prometheus package");
        }
        Path dir = Files.createDirectories(scene.root.resolve("prometheus"));
        StringBuilder ruleFiles = new StringBuilder(rules.isEmpty() ? "" : "rule_files:\n");
        rules.forEach(r -> ruleFiles.append("  - '").append(r.toAbsolutePath()).append("'\n"));
        Path config = Files.writeString(dir.resolve("prometheus.yml"), String.join("\n",
                "global:", "  scrape_interval: 1s", "  scrape_timeout: 1s", "  evaluation_interval: 1s", "scrape_configs:", "  - job_name: uwsgid",
                "    static_configs:", "      - targets: ['127.0.0.1:" + uwsgidPort + "']", "") + ruleFiles);
        int port = Nginx.freePort();
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Prometheus prom = new Prometheus(p, port, log);
        Http.await200(prom.url("/-/ready"), Duration.ofSeconds(60));
        return prom;
    }

    /** The JSON body of a GET on Prometheus' HTTP API, which must answer 200 with status success. */
    JsonObject api(String pathAndQuery) throws Exception {
        Http.Response r = Http.get(url(pathAndQuery));
        JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
        if (r.status() != 200 || !body.get("status").getAsString().equals("success")) {
            throw new AssertionError(pathAndQuery + " answered " + r.status() + ": " + r.body());
        }
        return body;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The value of an instant query that yields one sample, or empty when it yields none. */
    OptionalDouble query(String promql) throws Exception {
        Http.Response r = Http.get(url("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
        if (r.status() != 200 || !body.get("status").getAsString().equals("success")) {
            throw new AssertionError("query " + promql + " answered " + r.status() + ": " + r.body());
        }
        JsonArray result = body.getAsJsonObject("data").getAsJsonArray("result");
        if (result.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(result.get(0).getAsJsonObject().getAsJsonArray("value").get(1).getAsString()));
    }

    /** Asks until {@code promql} yields a value that satisfies {@code wanted}; returns it. */
    double await(String promql, DoublePredicate wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        OptionalDouble last = OptionalDouble.empty();
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (last.isPresent() && wanted.test(last.getAsDouble())) {
                return last.getAsDouble();
            }
            Thread.sleep(500);
        }
        String targets = Http.get(url("/api/v1/targets")).body();
        throw new AssertionError(promql + " did not reach the wanted value within " + timeout + " (last: " + last + "); targets: " + targets
                + "\nprometheus log:\n" + String.join("\n", tail(Files.readAllLines(log))));
    }

    private static List<String> tail(List<String> lines) {
        return lines.subList(Math.max(0, lines.size() - 20), lines.size());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
