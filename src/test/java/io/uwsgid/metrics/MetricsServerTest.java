package io.uwsgid.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.arbiter.DaemonObserver.Snapshot;
import io.uwsgid.status.SiteState;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /metrics and /healthz endpoint on a real loopback socket: what each request gets, byte for byte. */
class MetricsServerTest {
    private final LoopWatch watch = new LoopWatch();
    private Meters meters;
    private MetricsServer server;

    @BeforeEach
    void setUp(@TempDir Path runDir) throws Exception {
        meters = Statuses.meters(runDir, watch);
        server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0), meters, watch);
    }

    @AfterEach
    void tearDown() {
        server.close();
        meters.close();
    }

    private void turn() {
        watch.turn(new Snapshot(List.of(Statuses.of("web", SiteState.RUNNING)), 3_000_000, 0));
    }

    /** Sends {@code request} as it is and reads the whole reply, up to the server's close. */
    private String exchange(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aScrapeIsTheRegistryAndTheSiteFamiliesInPrometheusTextEndedByTheClose() throws Exception {
        turn();
        String reply = exchange("GET /metrics HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n");
        String head = reply.substring(0, reply.indexOf("\r\n\r\n"));
        String body = reply.substring(head.length() + 4);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nConnection: close", head);
        assertTrue(body.contains("\nuwsgid_loop_lag_seconds 0.003\n"), body);
        assertTrue(body.contains("uwsgid_site_up{site=\"web\"} 1.0\n"), body);
        assertTrue(body.endsWith("\n"), body);
    }

    @Test
    void theJdkClientReadsAScrapeAndHealthAndAQueryIsIgnored() throws Exception {
        turn();
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.address().getPort();
        HttpResponse<String> m = client.send(HttpRequest.newBuilder(java.net.URI.create(base + "/metrics?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("uwsgid_sites{state=\"RUNNING\"} 1.0"), m.body());
        HttpResponse<String> h = client.send(HttpRequest.newBuilder(java.net.URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, h.statusCode());
        assertEquals("ok\n", h.body());
    }

    @Test
    void healthBeforeTheFirstTurnIs503WithTheReasonAndItsLength() throws Exception {
        String body = "the event loop has not turned yet\n";
        assertEquals("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body, exchange("GET /healthz HTTP/1.0\r\n\r\n"));
    }

    @Test
    void aHeadRequestGetsTheHeadersAlone() throws Exception {
        turn();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nConnection: close\r\n\r\n",
                exchange("HEAD /metrics HTTP/1.1\r\n\r\n"));
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 36\r\nConnection: close\r\n\r\n",
                exchange("HEAD /other HTTP/1.1\r\n\r\n"));
    }

    @Test
    void everyOtherRequestGetsItsErrorAndTheFix() throws Exception {
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 36\r\nConnection: close\r\n\r\n"
                + "not found: try /metrics or /healthz\n", exchange("GET / HTTP/1.1\r\n\r\n"));
        assertEquals("HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\n"
                + "Allow: GET, HEAD\r\nConnection: close\r\n\r\nonly GET\n", exchange("POST /metrics HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd"));
        assertTrue(exchange("hello\r\n\r\n").startsWith("HTTP/1.1 400 Bad Request\r\n"));
        assertTrue(exchange("GET /metrics HTTP/2.0\r\n\r\n").startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n"));
        String huge = "GET /metrics HTTP/1.1\r\nX: " + "a".repeat(MetricsServer.MAX_HEAD) + "\r\n\r\n";
        String reply = exchange(huge);
        assertTrue(reply.startsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n"), reply);
        assertTrue(reply.endsWith("request head longer than 8192 bytes\n"), reply);
    }

    @Test
    void aClientThatSendsNothingIsToldSoAndAnotherIsServedMeanwhile() throws Exception {
        turn();
        try (Socket silent = new Socket("127.0.0.1", server.address().getPort())) {
            silent.setSoTimeout(15_000);
            assertEquals("ok\n", exchange("GET /healthz HTTP/1.1\r\n\r\n").split("\r\n\r\n", 2)[1]);
            long t0 = System.nanoTime();
            String reply = new String(silent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(reply.startsWith("HTTP/1.1 408 Request Timeout\r\n"), reply);
            assertTrue(reply.endsWith("no whole request within 5000 ms\n"), reply);
            assertTrue(waited < MetricsServer.HEAD_MILLIS + 2000, waited + " ms");
        }
    }

    @Test
    void headsEndAtTheirEmptyLineAndRequestLinesAreChecked() throws Exception {
        byte[] crlf = "GET / HTTP/1.1\r\nA: b\r\n\r\nrest".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(23, MetricsServer.headEnd(crlf, crlf.length));
        byte[] lf = "GET / HTTP/1.1\nA: b\n\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(20, MetricsServer.headEnd(lf, lf.length));
        assertEquals(-1, MetricsServer.headEnd(crlf, 22));
        assertEquals(new MetricsServer.Request("GET", "/metrics"), MetricsServer.parse("GET http://h:9799/metrics?a HTTP/1.1\r\nHost: h"));
        assertEquals(new MetricsServer.Request("HEAD", "/healthz"), MetricsServer.parse("HEAD /healthz HTTP/1.0"));
        assertEquals(400, assertThrows(MetricsServer.Refusal.class, () -> MetricsServer.parse("GET  /metrics HTTP/1.1")).status);
        assertEquals(404, assertThrows(MetricsServer.Refusal.class, () -> MetricsServer.parse("GET http://h HTTP/1.1")).status);
    }
}
