package io.uwsgid.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP endpoint: GET /metrics (Prometheus text format) and GET /healthz. Two threads: a slow scrape never holds up /healthz. */
final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    private final HttpServer server;
    private final ExecutorService threads;
    private final Meters meters;
    private final LoopWatch watch;

    private MetricsServer(HttpServer server, ExecutorService threads, Meters meters, LoopWatch watch) {
        this.server = server;
        this.threads = threads;
        this.meters = meters;
        this.watch = watch;
    }

    static MetricsServer start(InetSocketAddress address, Meters meters, LoopWatch watch) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "uwsgid-metrics");
            t.setDaemon(true);
            return t;
        });
        MetricsServer ms = new MetricsServer(server, threads, meters, watch);
        server.createContext("/metrics", ms::metrics);
        server.createContext("/healthz", ms::healthz);
        server.setExecutor(threads);
        server.start();
        return ms;
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private void metrics(HttpExchange ex) throws IOException {
        try (ex) {
            if (!allowed(ex, "/metrics")) {
                return;
            }
            ex.getResponseHeaders().set("Content-Type", Meters.CONTENT_TYPE);
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                meters.scrape(out);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("metrics: scrape failed: {}", e.toString());
        }
    }

    private void healthz(HttpExchange ex) throws IOException {
        try (ex) {
            if (allowed(ex, "/healthz")) {
                Health h = Health.of(watch.latest(), watch.turnedAt(), System.nanoTime());
                send(ex, h.ok() ? 200 : 503, h.body());
            }
        }
    }

    /** GET (or HEAD) of exactly {@code path}; anything else is answered here. */
    private static boolean allowed(HttpExchange ex, String path) throws IOException {
        if (!ex.getRequestURI().getPath().equals(path)) {
            send(ex, 404, "not found: try /metrics or /healthz\n");
            return false;
        }
        if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            send(ex, 405, "only GET\n");
            return false;
        }
        return true;
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
