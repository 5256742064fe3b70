package io.uwsgid.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.status.SiteUsage;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many stats servers read at once: a hung or absent one costs only its own stats. */
class StatsReaderTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** A stats server like uWSGI's: accepts one connection, writes {@code json} (null: nothing, ever) and closes. */
    private Path server(String site, String json) throws Exception {
        Path sock = Files.createDirectories(dir.resolve(site).resolve("stats")).resolve("1.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(sock));
        open.add(server);
        Thread t = new Thread(() -> {
            try {
                SocketChannel ch = server.accept();
                open.add(ch);
                if (json != null) {
                    ch.write(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
                    ch.close();
                }
            } catch (Exception e) {
                // closed by the test
            }
        });
        t.setDaemon(true);
        t.start();
        return sock;
    }

    @Test
    void aHungServerAndAMissingOneLeaveTheOthersStatsWhole() throws Exception {
        Path good = server("good", "{\"listen_queue\": 3, \"workers\": [{\"requests\": 5, \"status\": \"busy\"}]}");
        Path hung = server("hung", null);
        Path missing = dir.resolve("missing/stats/1.sock");
        Map<String, SiteUsage.Stats> got = StatsReader.read(Map.of("good", good, "hung", hung, "missing", missing), Duration.ofMillis(500));
        assertEquals(Map.of("good", new SiteUsage.Stats(5, 0, 1, 0, 1, 3, 0, 0)), got);
    }

    @Test
    void aDocumentPastTheCapIsDropped() throws Exception {
        String huge = "{\"pad\": \"" + "x".repeat(StatsReader.MAX_BYTES) + "\"}";
        assertEquals(Map.of(), StatsReader.read(Map.of("huge", server("huge", huge)), Duration.ofSeconds(10)));
    }
}
