package io.uwsgid.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A site's log as {@code uwsgictl logs} reads it: first its last lines (from the log file, or
 * from what the daemon kept of its console output), then, when following, every line the site
 * writes after that, each exactly once, across reopens of the file. One reader thread uses it.
 */
public final class LogReader implements AutoCloseable {
    /** Chunks handed out are at most about this big (whole lines unless a line is longer). */
    public static final int CHUNK = LastLines.BLOCK;
    private final LogFeed feed;
    private final FileChannel file;
    private final long end;
    private long pos;
    private byte[] memory;
    private final LogFollower follower;

    /** The follower was cut off: it fell more than {@code limit} bytes behind the site. */
    public static final class FellBehind extends Exception {
        FellBehind(int limit) {
            super("fell more than " + limit / 1024 + " KiB behind the site's output; stopped following (lines after that were not sent)");
        }
    }

    /** History from {@code file} up to {@code end}, its last {@code lines} lines. */
    LogReader(LogFeed feed, FileChannel file, long end, int lines, LogFollower follower) throws IOException {
        this.feed = feed;
        this.file = file;
        this.end = end;
        this.follower = follower;
        this.pos = LastLines.start((p, buf, off, len) -> file.read(ByteBuffer.wrap(buf, off, len), p), end, lines);
    }

    /** History from memory (a console site). */
    LogReader(LogFeed feed, byte[] memory, LogFollower follower) {
        this.feed = feed;
        this.file = null;
        this.end = 0;
        this.memory = memory;
        this.follower = follower;
    }

    /** The next chunk of the last lines asked for; null once they are all read. */
    public byte[] nextHistory() throws IOException {
        if (file == null) {
            byte[] all = memory;
            memory = null;
            return all == null || all.length == 0 ? null : all;
        }
        if (pos >= end) {
            closeFile(); // a follower may run for days: it needs the file no more
            return null;
        }
        byte[] buf = new byte[(int) Math.min(CHUNK, end - pos)];
        LastLines.readFully((p, b, off, len) -> file.read(ByteBuffer.wrap(b, off, len), p), pos, buf, buf.length);
        int cut = buf.length;
        if (pos + cut < end) {
            while (cut > 0 && buf[cut - 1] != '\n') {
                cut--;
            }
            cut = cut == 0 ? buf.length : cut; // a line longer than a chunk goes in pieces
        }
        pos += cut;
        return cut == buf.length ? buf : java.util.Arrays.copyOf(buf, cut);
    }

    public boolean following() {
        return follower != null;
    }

    /** What the site wrote since the last call, waiting up to {@code millis}; null if nothing. */
    public byte[] nextLive(long millis) throws InterruptedException, FellBehind {
        return follower.take(CHUNK, millis);
    }

    @Override
    public void close() {
        if (follower != null) {
            feed.drop(follower);
        }
        closeFile();
    }

    private void closeFile() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // read-only: nothing to lose
            }
        }
    }
}
