package io.uwsgid.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.LogSink;
import io.uwsgid.os.TestSinks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs stream on a real control socket: its framing, its bounds. The loop is a stand-in naming the source. */
class LogStreamsTest {
    private static int sites;
    @TempDir
    Path dir;
    ControlServer server;
    String site;
    Path file;

    @BeforeEach
    void start() throws Exception {
        site = "streams-test-" + (++sites);
        server = ControlServer.start(dir.resolve("control.sock"), Access.rootOnly(), r -> CompletableFuture.completedFuture(
                new Reply(ExitCodes.OK, "", List.of(new Reply.Result(site, true, file == null ? "" : file.toString())), List.of())));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A connection that has sent a logs request. */
    BufferedReader request(int lines, boolean follow) throws Exception {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(dir.resolve("control.sock")));
        Wire.writeFully(ch, (Json.write(LogsRequest.of(site, lines, follow)) + "\n").getBytes(StandardCharsets.UTF_8));
        return new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
    }

    static String numbered(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append("line ").append(i).append('\n');
        }
        return b.toString();
    }

    @Nested
    class Framing {
        @Test
        void theReplyLineThenFramesOfLinesThenAnEnd() throws Exception {
            file = dir.resolve("site.log");
            Files.write(file, (numbered(0, 50) + "caf\u00e9 ").getBytes(StandardCharsets.UTF_8));
            Files.write(file, new byte[] {(byte) 0xff, '\n'}, java.nio.file.StandardOpenOption.APPEND);
            try (BufferedReader in = request(3, false)) {
                assertEquals(ExitCodes.OK, Json.read(in.readLine(), Reply.class).code());
                List<String> lines = new ArrayList<>();
                LogFrame frame;
                while ((frame = Json.read(in.readLine(), LogFrame.class)).end() == null) {
                    lines.addAll(frame.lines());
                }
                assertEquals(List.of("line 48", "line 49", "caf\u00e9 \ufffd"), lines, "bytes that are not UTF-8 become U+FFFD");
                assertEquals(0, frame.code());
                assertNull(in.readLine(), "then the daemon closes");
            }
        }

        @Test
        void aLogThatCannotBeOpenedIsAnErrorReplyNamingIt() throws Exception {
            file = dir.resolve("missing.log");
            try (BufferedReader in = request(3, false)) {
                Reply reply = Json.read(in.readLine(), Reply.class);
                assertEquals(ExitCodes.FAILED, reply.code());
                assertTrue(reply.message().contains(file + " does not exist yet"), reply.message());
            }
        }

        @Test
        void aNegativeCountIsAUsageError() throws Exception {
            try (BufferedReader in = request(-1, false)) {
                assertEquals(ExitCodes.USAGE, Json.read(in.readLine(), Reply.class).code());
            }
        }
    }

    @Nested
    class Bounds {
        @Test
        void aReaderThatDoesNotReadIsToldItFellBehindAndTheSiteNeverWaits() throws Exception {
            LogSink sink = TestSinks.console(site);
            try (BufferedReader in = request(0, true)) {
                // the reply line is sent once the follower is registered: from here on it is fed
                assertEquals(ExitCodes.OK, Json.read(in.readLine(), Reply.class).code());
                long start = System.nanoTime();
                String lines = numbered(0, 40_000); // ~440 KiB a pass, far more than a socket and a follower hold
                for (int pass = 0; pass < 8; pass++) {
                    TestSinks.write(sink, lines);
                }
                assertTrue(System.nanoTime() - start < 3_000_000_000L, "writing did not wait for the reader");
                int got = 0;
                LogFrame frame;
                while ((frame = Json.read(in.readLine(), LogFrame.class)).end() == null) {
                    for (String l : frame.lines()) {
                        assertEquals("line " + got % 40_000, l, "what it got is the start, in order");
                        got++;
                    }
                }
                assertEquals(ExitCodes.FAILED, frame.code());
                assertTrue(frame.end().contains("fell more than 512 KiB behind"), frame.end());
                assertTrue(got > 0 && got < 8 * 40_000, "got " + got);
            }
        }

        @Test
        void aClientThatShutsItsWritingSideIsTakenAsGoneWithinAMoment() throws Exception {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(dir.resolve("control.sock")));
                Wire.writeFully(ch, (Json.write(LogsRequest.of(site, 0, true)) + "\n").getBytes(StandardCharsets.UTF_8));
                ch.shutdownOutput();
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
                assertEquals(ExitCodes.OK, Json.read(in.readLine(), Reply.class).code());
                CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> {
                    try {
                        return in.readLine();
                    } catch (java.io.IOException e) {
                        return e.toString();
                    }
                });
                assertNull(next.get(2, java.util.concurrent.TimeUnit.SECONDS), "the daemon closed the stream, within a moment");
            }
        }

        @Test
        void atMostEightReadersAtOnce() throws Exception {
            List<BufferedReader> open = new ArrayList<>();
            try {
                for (int i = 0; i < LogStreams.MAX_READERS; i++) {
                    BufferedReader in = request(0, true);
                    assertEquals(ExitCodes.OK, Json.read(in.readLine(), Reply.class).code());
                    open.add(in);
                }
                try (BufferedReader ninth = request(0, true)) {
                    Reply r = Json.read(ninth.readLine(), Reply.class);
                    assertEquals(ExitCodes.FAILED, r.code());
                    assertTrue(r.message().contains("already 8 uwsgictl logs at once"), r.message());
                }
            } finally {
                for (BufferedReader in : open) {
                    in.close();
                }
            }
        }
    }
}
