package io.uwsgid.control;

import io.uwsgid.os.LogFeed;
import io.uwsgid.os.LogReader;
import io.uwsgid.os.OsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code uwsgictl logs} streams, each on a thread of its own (never a request handler's, which
 * stay free for reloads, and never the loop's). At most {@link #MAX_READERS} at once; a reader
 * that stops reading for {@link #STUCK_MILLIS} is disconnected, and one that falls too far behind
 * is told and disconnected (see {@link LogFeed}).
 */
final class LogStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogStreams.class);
    static final int MAX_READERS = 8;
    /** How often a follower with nothing to send checks that its reader is still there. */
    static final long IDLE_CHECK_MILLIS = 200;
    static final long STUCK_MILLIS = 10_000;
    /** How long one write waits for the reader to make room, before the time it has been stuck is checked. */
    private static final long WRITE_WAIT_MILLIS = 1000;
    private final ThreadPoolExecutor threads = new ThreadPoolExecutor(0, MAX_READERS, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "uwsgid-logs");
        t.setDaemon(true);
        return t;
    });

    /** Takes the connection over and returns null; or returns the reply to send instead. */
    Reply take(Connection ch, LogsRequest request, Reply start) {
        if (request.linesOrDefault() < 0) {
            return Reply.error(ExitCodes.USAGE, "lines must be 0 or more, not " + request.lines());
        }
        try {
            threads.execute(() -> serve(ch, request, start));
            return null;
        } catch (RejectedExecutionException e) {
            return Reply.error(ExitCodes.FAILED, "already " + MAX_READERS + " uwsgictl logs at once (the most uwsgid serves); try again when one ends");
        }
    }

    private void serve(Connection ch, LogsRequest request, Reply start) {
        Reply.Result source = start.results().get(0);
        try (ch) {
            LogReader reader;
            try {
                Path file = source.message().isEmpty() ? null : Path.of(source.message());
                reader = LogFeed.open(source.site(), file, request.linesOrDefault(), request.follow());
            } catch (OsException e) {
                send(ch, Json.write(Reply.error(ExitCodes.FAILED, source.site() + ": " + e.getMessage())));
                return;
            }
            try (reader) {
                send(ch, Json.write(start));
                pump(ch, reader);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("control: logs {} ended: {}", source.site(), e.toString());
        }
    }

    private static void pump(Connection ch, LogReader reader) throws IOException {
        for (byte[] chunk; (chunk = reader.nextHistory()) != null; ) {
            send(ch, Json.write(LogFrame.lines(LogFrame.split(chunk))));
        }
        if (!reader.following()) {
            send(ch, Json.write(LogFrame.end(ExitCodes.OK, "")));
            return;
        }
        try {
            while (true) {
                byte[] chunk = reader.nextLive(IDLE_CHECK_MILLIS);
                if (chunk != null) {
                    send(ch, Json.write(LogFrame.lines(LogFrame.split(chunk))));
                } else if (readerGone(ch)) {
                    return;
                }
            }
        } catch (LogReader.FellBehind e) {
            send(ch, Json.write(LogFrame.end(ExitCodes.FAILED, e.getMessage())));
        } catch (InterruptedException e) {
            send(ch, Json.write(LogFrame.end(ExitCodes.OK, "uwsgid is stopping")));
        }
    }

    /** The reader sends nothing after its request: end of input means it has gone (killed, or Ctrl-C). */
    private static boolean readerGone(Connection ch) throws IOException {
        return ch.read(ByteBuffer.allocate(256), 1) < 0;
    }

    /** One line; each write waits at most WRITE_WAIT_MILLIS, so a reader stopped for STUCK_MILLIS is noticed and let go. */
    private static void send(Connection ch, String json) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STUCK_MILLIS);
        while (buf.hasRemaining()) {
            int n = ch.write(buf, WRITE_WAIT_MILLIS);
            if (n == 0 && System.nanoTime() > deadline) {
                throw new IOException("the reader has not read for " + STUCK_MILLIS / 1000 + " s");
            }
        }
    }

    /** Followers are told that uwsgid stops (their end frame), given a moment to send it before the daemon exits. */
    @Override
    public void close() {
        threads.shutdownNow();
        try {
            threads.awaitTermination(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
