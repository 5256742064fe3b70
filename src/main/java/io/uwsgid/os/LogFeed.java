package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything one site writes, as {@code uwsgictl logs} sees it; shared by the site's sinks (a
 * reload's generation writes through a sink of its own). Each sink holds this feed's lock around
 * its write, so a reader that opens under the same lock sees every line exactly once: in the
 * history it takes then, or afterwards through its follower. That holds across a reopen, since
 * followers are fed what the daemon drains from the site's pipe, not what lands in a file.
 */
public final class LogFeed {
    /** What is kept in memory of a site that has no log file: its console output. */
    public static final int RING_BYTES = 64 * 1024;
    /** How far a follower may fall behind before it is cut off. */
    public static final int FOLLOWER_LIMIT = 512 * 1024;
    private static final ConcurrentHashMap<String, LogFeed> FEEDS = new ConcurrentHashMap<>();
    private final LogRing ring = new LogRing(RING_BYTES);
    private final List<LogFollower> followers = new ArrayList<>();
    /** The site's open log files, the latest opened last. */
    private final ArrayDeque<LogSink.File> files = new ArrayDeque<>();

    private LogFeed() {}

    static LogFeed of(String site) {
        return FEEDS.computeIfAbsent(site, s -> new LogFeed());
    }

    /**
     * Opens {@code site}'s log for reading: its last {@code lines} lines, then, when {@code follow},
     * every line it writes from now on. {@code file} is the log file its configuration names,
     * null when it writes to the daemon's console (then the history is what the daemon kept).
     */
    public static LogReader open(String site, Path file, int lines, boolean follow) throws OsException {
        LogFeed feed = of(site);
        LogFollower follower = follow ? new LogFollower(FOLLOWER_LIMIT) : null;
        if (file == null) {
            return new LogReader(feed, feed.snapshot(lines, follower), follower);
        }
        FileChannel channel = feed.snapshot(file, follower);
        try {
            // Finding where the last lines start reads the file: not under the lock the site's writes take.
            return new LogReader(feed, channel, channel.position(), lines, follower);
        } catch (IOException e) {
            feed.drop(follower);
            close(channel);
            throw new OsException(0, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The last lines kept in memory, and from now on every write to {@code follower}. */
    private synchronized byte[] snapshot(int lines, LogFollower follower) {
        addFollower(follower);
        return ring.lastLines(lines);
    }

    /** The log file as it is now (its size fixes the history's end), and from now on every write to {@code follower}. */
    private synchronized FileChannel snapshot(Path file, LogFollower follower) throws OsException {
        FileChannel channel = readerFor(file);
        try {
            channel.position(channel.size());
        } catch (IOException e) {
            close(channel);
            throw new OsException(0, "cannot read " + file + ": " + e.getMessage());
        }
        addFollower(follower);
        return channel;
    }

    private void addFollower(LogFollower follower) {
        if (follower != null) {
            followers.add(follower);
        }
    }

    /**
     * The file the daemon writes the site's log to now (the same inode even after logrotate moved
     * it and before the reopen), or, when it has none open (the site is not running), the file at
     * {@code path}, opened as the daemon opens logs: no link followed, no hard-linked file.
     */
    private FileChannel readerFor(Path path) throws OsException {
        LogSink.File open = null;
        for (LogSink.File f : files) {
            open = f.path().equals(path) ? f : open;
        }
        int fd = open != null ? open.fd() : safeOpen(path);
        try {
            return FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new OsException(0, "cannot read " + path + ": " + e.getMessage());
        } finally {
            if (open == null) {
                LIBC.close(fd);
            }
        }
    }

    private static int safeOpen(Path path) throws OsException {
        int fd, err;
        try (Dir parent = Dir.parentOf(path)) { // as a log is opened for writing: links above are root's, the last is not followed
            fd = LIBC.openat(parent.fd, path.getFileName().toString(), Native.O_RDONLY | Native.O_NOFOLLOW | Native.O_CLOEXEC | Native.O_NONBLOCK, 0);
            err = fd < 0 ? Native.errno() : 0;
        }
        if (fd < 0) {
            throw new OsException(err, err == Native.ENOENT ? "its log file " + path + " does not exist yet (nothing written since it was rotated or created)"
                    : "cannot open its log file " + path + ": " + Native.strerror(err));
        }
        Stat st = Stat.fstat(fd);
        if (!st.isFile() || st.nlink() != 1) {
            LIBC.close(fd);
            throw new OsException(1, "refusing to read " + path + ": it is " + (st.isFile() ? "hard-linked elsewhere" : "not a regular file"));
        }
        return fd;
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only
        }
    }

    // ---- called by the site's sinks, holding this feed's lock ----

    /** A sink wrote {@code len} bytes of whole lines; a console sink's are also kept in the ring. */
    void wrote(byte[] bytes, int off, int len, boolean console) {
        if (console) {
            ring.append(bytes, off, len);
        }
        if (!followers.isEmpty()) {
            followers.removeIf(f -> !f.offer(bytes, off, len));
        }
    }

    void opened(LogSink.File file) {
        files.remove(file);
        files.addLast(file);
    }

    void closed(LogSink.File file) {
        files.remove(file);
    }

    synchronized void drop(LogFollower follower) {
        followers.remove(follower);
    }

    /** How many readers follow this site now (for tests and leaks). */
    synchronized int followers() {
        return followers.size();
    }
}
