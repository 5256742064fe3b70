package io.uwsgid.metrics;

import io.uwsgid.os.Acceptor;
import io.uwsgid.os.TimedChannel;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint: GET (or HEAD) /metrics in Prometheus' text format and /healthz, one request
 * per connection (every reply says {@code Connection: close}; Prometheus and curl need no more).
 *
 * <p>Not the JDK's {@code com.sun.net.httpserver}: its dispatcher thread wakes every second
 * whatever happens (JDK 17's ServerImpl calls {@code select(1000)}, with no setting), the largest
 * share of a resting daemon's wakes (docs/DECISIONS.md). Here a resting endpoint is one thread
 * blocked in accept(2). Requests are served on up to eight threads, so a slow scrape never holds
 * up /healthz, and every connection is bounded: a request head of {@link #MAX_HEAD} bytes read
 * within {@link #HEAD_MILLIS}, a reply written within {@link #REPLY_MILLIS}.
 */
final class MetricsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);
    static final int MAX_HEAD = 8 * 1024;
    static final long HEAD_MILLIS = 5_000;
    static final long REPLY_MILLIS = 30_000;
    private static final int BACKLOG = 16;
    private final ServerSocketChannel server;
    private final Meters meters;
    private final LoopWatch watch;
    private final Acceptor acceptor;

    /** A request that gets an error reply instead of its page. */
    static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** A request's method and its target's path (without the query). */
    record Request(String method, String path) {
        boolean head() {
            return method.equals("HEAD");
        }
    }

    private MetricsServer(ServerSocketChannel server, Meters meters, LoopWatch watch) {
        this.server = server;
        this.acceptor = new Acceptor(server, "metrics");
        this.meters = meters;
        this.watch = watch;
    }

    static MetricsServer start(InetSocketAddress address, Meters meters, LoopWatch watch) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, BACKLOG);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        MetricsServer ms = new MetricsServer(server, meters, watch);
        ms.acceptor.start(TimedChannel::of, ms::serve);
        return ms;
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("metrics: the endpoint is closed", e);
        }
    }

    private void serve(TimedChannel ch) {
        try (ch) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEAD_MILLIS);
            String text = null;
            Request request;
            try {
                text = readHead(ch, deadline);
                request = parse(text);
            } catch (Refusal r) {
                boolean head = text != null && text.startsWith("HEAD ");
                send(ch, head, r.status, r.getMessage() + "\n", r.status == 405 ? "Allow: GET, HEAD\r\n" : "");
                return;
            }
            if (request.path().equals("/metrics")) {
                reply(ch, headers(200, Meters.CONTENT_TYPE, -1, ""), request.head() ? null : meters::scrape, 64 * 1024);
            } else {
                Health h = Health.of(watch.latest(), watch.turnedAt(), System.nanoTime());
                send(ch, request.head(), h.ok() ? 200 : 503, h.body(), "");
            }
        } catch (EOFException e) {
            LOG.debug("metrics: connection closed before a whole request");
        } catch (IOException | RuntimeException e) {
            LOG.warn("metrics: request failed: {}", e.toString());
        }
    }

    /** What a reply's body writes. */
    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A reply of {@code body} (text), or its headers alone to a HEAD. */
    private static void send(TimedChannel ch, boolean head, int status, String body, String extraHeaders) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        reply(ch, headers(status, "text/plain; charset=utf-8", bytes.length, extraHeaders), head ? null : out -> out.write(bytes), 4096);
    }

    /** Writes {@code headers}, then {@code body} (none: null), within REPLY_MILLIS, and ends the connection's output. */
    private static void reply(TimedChannel ch, byte[] headers, Body body, int bufferBytes) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Channels.newOutputStream(timed(ch)), bufferBytes)) {
            out.write(headers);
            if (body != null) {
                body.writeTo(out);
            }
        }
        ch.finish(MAX_HEAD);
    }

    /**
     * The status line and headers; {@code length} -1 for a body that ends with the connection.
     * {@code extraHeaders}: more header lines, each ending in CRLF.
     */
    static byte[] headers(int status, String contentType, long length, String extraHeaders) {
        return ("HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + (length >= 0 ? "Content-Length: " + length + "\r\n" : "")
                + extraHeaders
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Error";
        };
    }

    /** The channel, each write waiting for room until the reply's deadline at most. */
    private static WritableByteChannel timed(TimedChannel ch) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REPLY_MILLIS);
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new IOException("the client read no reply within " + REPLY_MILLIS + " ms");
                }
                return ch.write(src, left);
            }

            @Override
            public boolean isOpen() {
                return ch.isOpen();
            }

            @Override
            public void close() {
                // the connection is closed by serve(), after finish()
            }
        };
    }

    /** The request head, up to its empty line (exclusive), read by {@code deadline} (System.nanoTime()). */
    static String readHead(TimedChannel ch, long deadline) throws IOException, Refusal {
        ByteBuffer buf = ByteBuffer.allocate(MAX_HEAD);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new Refusal(408, "no whole request within " + HEAD_MILLIS + " ms");
            }
            int n = ch.read(buf, left);
            int end = headEnd(buf.array(), buf.position());
            if (end >= 0) {
                return new String(buf.array(), 0, end, StandardCharsets.ISO_8859_1);
            }
            if (n < 0) {
                throw new EOFException();
            }
            if (!buf.hasRemaining()) {
                throw new Refusal(431, "request head longer than " + MAX_HEAD + " bytes");
            }
        }
    }

    /** Where the head in {@code b[0, n)} ends (its empty line: CRLF CRLF, or LF LF as RFC 9112 allows), or -1. */
    static int headEnd(byte[] b, int n) {
        for (int i = 1; i < n; i++) {
            if (b[i] == '\n' && (b[i - 1] == '\n' || (i >= 2 && b[i - 1] == '\r' && b[i - 2] == '\n'))) {
                return i;
            }
        }
        return -1;
    }

    /** The request line of {@code head}, checked: a path this endpoint serves, and GET or HEAD. */
    static Request parse(String head) throws Refusal {
        int eol = head.indexOf('\n');
        String line = (eol < 0 ? head : head.substring(0, eol)).strip();
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new Refusal(400, "bad request line: expected METHOD /path HTTP/1.1");
        }
        if (!parts[2].startsWith("HTTP/1.")) {
            throw new Refusal(505, "only HTTP/1.0 and HTTP/1.1");
        }
        String path = path(parts[1]);
        if (!path.equals("/metrics") && !path.equals("/healthz")) {
            throw new Refusal(404, "not found: try /metrics or /healthz");
        }
        if (!parts[0].equals("GET") && !parts[0].equals("HEAD")) {
            throw new Refusal(405, "only GET");
        }
        return new Request(parts[0], path);
    }

    /** The path of a request target, origin form ({@code /metrics?x}) or absolute ({@code http://host:9799/metrics}). */
    private static String path(String target) {
        String t = target;
        int scheme = t.indexOf("://");
        if (!t.startsWith("/") && scheme > 0) {
            int slash = t.indexOf('/', scheme + 3);
            t = slash < 0 ? "/" : t.substring(slash);
        }
        int query = t.indexOf('?');
        return query < 0 ? t : t.substring(0, query);
    }

    @Override
    public void close() {
        acceptor.close();
    }
}
