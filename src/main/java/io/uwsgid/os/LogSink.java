package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a site's output goes: its log file (the master owns it and can reopen it) or the
 * daemon's console with the site's name in front. Writes whole lines only; a write that fails
 * (a full disk) drops the lines, is reported once, and the next that succeeds says so.
 */
public abstract sealed class LogSink permits LogSink.File, LogSink.Console {
    private static final Logger LOG = LoggerFactory.getLogger(LogSink.class);
    final String site;
    /** Readers of the site's log (uwsgictl logs); its lock is held around every write. */
    final LogFeed feed;
    private String failing;

    LogSink(String site) {
        this.site = site;
        this.feed = LogFeed.of(site);
    }

    /** A log file opened safely, owned root:{@code gid}. */
    public static LogSink file(String site, Path path, int gid) throws OsException {
        return new File(site, path, gid);
    }

    public static LogSink console(String site) {
        return new Console(site, System.out);
    }

    synchronized void write(byte[] bytes, int off, int len) {
        String error;
        synchronized (feed) {
            error = writeOrError(bytes, off, len);
            feed.wrote(bytes, off, len, this instanceof Console);
        }
        if (error != null && failing == null) {
            LOG.error("{} - cannot write its log: {}; dropping its lines until writing works again", site, error);
        } else if (error == null && failing != null) {
            LOG.info("{} - writing its log again (it failed with: {})", site, failing);
        }
        failing = error;
    }

    /** Writes the bytes, or returns why it could not. */
    abstract String writeOrError(byte[] bytes, int off, int len);

    /** Reopens the file at its path (after logrotate moved it away). */
    public synchronized void reopen() throws OsException {}

    public synchronized void close() {}

    static final class File extends LogSink {
        private final Path path;
        private final int gid;
        private int fd;

        File(String site, Path path, int gid) throws OsException {
            super(site);
            this.path = path;
            this.gid = gid;
            this.fd = SafeFiles.openLog(path, gid);
            synchronized (feed) {
                feed.opened(this);
            }
        }

        Path path() {
            return path;
        }

        /** Only under the feed's lock: a reopen replaces it. */
        int fd() {
            return fd;
        }

        @Override
        String writeOrError(byte[] bytes, int off, int len) {
            byte[] chunk = off == 0 ? bytes : java.util.Arrays.copyOfRange(bytes, off, off + len);
            int done = 0;
            while (done < len) {
                byte[] rest = done == 0 ? chunk : java.util.Arrays.copyOfRange(chunk, done, len);
                long n = LIBC.write(fd, rest, len - done);
                if (n < 0) {
                    int err = Native.errno();
                    if (err == Native.EINTR) {
                        continue;
                    }
                    return path + ": " + Native.strerror(err);
                }
                done += (int) n;
            }
            return null;
        }

        @Override
        public synchronized void reopen() throws OsException {
            int fresh = SafeFiles.openLog(path, gid);
            synchronized (feed) {
                LIBC.close(fd);
                fd = fresh;
                feed.opened(this);
            }
        }

        @Override
        public synchronized void close() {
            synchronized (feed) {
                feed.closed(this);
                LIBC.close(fd);
                fd = -1;
            }
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    static final class Console extends LogSink {
        private final PrintStream out;
        private final byte[] prefix;

        Console(String site, PrintStream out) {
            super(site);
            this.out = out;
            this.prefix = (site + "| ").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        String writeOrError(byte[] bytes, int off, int len) {
            // One write for the whole batch: System.out flushes after every write, so a write
            // per prefix and per line would cost two syscalls for each request uWSGI logs.
            java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream(len + 8 * prefix.length);
            int start = off;
            for (int i = off; i < off + len; i++) {
                if (bytes[i] == '\n') {
                    batch.write(prefix, 0, prefix.length);
                    batch.write(bytes, start, i + 1 - start);
                    start = i + 1;
                }
            }
            synchronized (out) {
                out.write(batch.toByteArray(), 0, batch.size());
                out.flush();
            }
            return out.checkError() ? "the console is gone" : null;
        }

        @Override
        public String toString() {
            return "console";
        }
    }
}
