package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a site's log as uwsgictl logs does: its last lines, then what it writes, exactly once. */
class LogFeedTest {
    private static int sites;
    @TempDir
    Path dir;

    private static String site() {
        return "feed-test-" + (++sites);
    }

    private static void write(LogSink sink, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        sink.write(b, 0, b.length);
    }

    private static String history(LogReader reader) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk; (chunk = reader.nextHistory()) != null; ) {
            out.write(chunk);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String live(LogReader reader) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk; (chunk = reader.nextLive(50)) != null; ) {
            out.write(chunk);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String numbered(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) {
            b.append("request ").append(i).append('\n');
        }
        return b.toString();
    }

    @Nested
    class ALogFile {
        @Test
        void theLastLinesComeFromTheFileIncludingWhatWasThereBeforeTheDaemon() throws Exception {
            Path log = dir.resolve("site.log");
            Files.writeString(log, numbered(0, 100));
            String site = site();
            LogSink sink = LogSink.file(site, log, 0);
            write(sink, numbered(100, 110));
            try (LogReader r = LogFeed.open(site, log, 5, false)) {
                assertEquals(numbered(105, 110), history(r));
            } finally {
                sink.close();
            }
        }

        @Test
        void aFollowerGetsEveryLineOnceAcrossARotationAndReopen() throws Exception {
            Path log = dir.resolve("site.log");
            String site = site();
            LogSink sink = LogSink.file(site, log, 0);
            write(sink, numbered(0, 10));
            try (LogReader r = LogFeed.open(site, log, 3, true)) {
                write(sink, numbered(10, 20));
                Files.move(log, dir.resolve("site.log.1")); // logrotate
                write(sink, numbered(20, 30)); // still to the moved file until the reopen
                sink.reopen();
                write(sink, numbered(30, 40));
                assertEquals(numbered(7, 10), history(r));
                assertEquals(numbered(10, 40), live(r));
                assertEquals(numbered(30, 40), Files.readString(log));
            } finally {
                sink.close();
            }
        }

        @Test
        void betweenTheMoveAndTheReopenTheHistoryIsTheFileStillWrittenTo() throws Exception {
            Path log = dir.resolve("site.log");
            String site = site();
            LogSink sink = LogSink.file(site, log, 0);
            write(sink, numbered(0, 10));
            Files.move(log, dir.resolve("site.log.1"));
            try (LogReader r = LogFeed.open(site, log, 2, false)) {
                assertEquals(numbered(8, 10), history(r));
            } finally {
                sink.close();
            }
        }

        @Test
        void withNoSinkOpenTheFileIsReadByPathButNeverThroughALink() throws Exception {
            Path log = dir.resolve("site.log");
            Files.writeString(log, numbered(0, 4));
            try (LogReader r = LogFeed.open(site(), log, 2, false)) {
                assertEquals(numbered(2, 4), history(r));
            }
            Path link = dir.resolve("link.log");
            Files.createSymbolicLink(link, log);
            OsException e = assertThrows(OsException.class, () -> LogFeed.open(site(), link, 2, false));
            assertTrue(e.getMessage().contains(link.toString()), e.getMessage());
            Path hard = dir.resolve("hard.log");
            Files.createLink(hard, log);
            OsException linked = assertThrows(OsException.class, () -> LogFeed.open(site(), hard, 2, false));
            assertTrue(linked.getMessage().contains("hard-linked"), linked.getMessage());
            OsException missing = assertThrows(OsException.class, () -> LogFeed.open(site(), dir.resolve("none.log"), 2, false));
            assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        }
    }

    @Nested
    class TheConsole {
        @Test
        void aSiteWithoutALogFileShowsWhatTheDaemonKeptThenFollows() throws Exception {
            String site = site();
            LogSink sink = new LogSink.Console(site, new PrintStream(new ByteArrayOutputStream(), true));
            write(sink, numbered(0, 20));
            try (LogReader r = LogFeed.open(site, null, 4, true)) {
                write(sink, numbered(20, 25));
                assertEquals(numbered(16, 20), history(r));
                assertEquals(numbered(20, 25), live(r));
            }
        }
    }

    @Nested
    class ASlowFollower {
        @Test
        void isCutOffOnceTooFarBehindAfterWhatItHadAndTheSiteNeverWaits() throws Exception {
            String site = site();
            LogSink sink = new LogSink.Console(site, new PrintStream(new ByteArrayOutputStream(), true));
            LogFeed feed = LogFeed.of(site);
            try (LogReader r = LogFeed.open(site, null, 0, true)) {
                String line = "x".repeat(1023) + "\n";
                long start = System.nanoTime();
                for (int i = 0; i < 2 * LogFeed.FOLLOWER_LIMIT / 1024; i++) {
                    write(sink, line);
                }
                assertTrue(System.nanoTime() - start < 2_000_000_000L, "writes do not wait for the follower");
                assertEquals(0, feed.followers(), "dropped from the feed");
                List<byte[]> got = new ArrayList<>();
                assertThrows(LogReader.FellBehind.class, () -> {
                    for (byte[] chunk; (chunk = r.nextLive(50)) != null; ) {
                        got.add(chunk);
                    }
                });
                assertEquals(LogFeed.FOLLOWER_LIMIT, got.stream().mapToInt(c -> c.length).sum(), "what it had is delivered first");
            }
        }

        @Test
        void closingAReaderRemovesItsFollower() throws Exception {
            String site = site();
            LogFeed feed = LogFeed.of(site);
            LogReader r = LogFeed.open(site, null, 0, true);
            assertEquals(1, feed.followers());
            r.close();
            assertEquals(0, feed.followers());
            assertNull(r.nextHistory());
        }
    }
}
