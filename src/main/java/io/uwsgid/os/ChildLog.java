package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The read end of one child's stdout/stderr pipe. Drained by the poller, or by the loop when it
 * needs the last lines of a child that just died; whole lines go to the site's sink, the last
 * few are kept for error messages.
 */
final class ChildLog {
    private static final int TAIL_LINES = 20, MAX_PENDING = 64 * 1024;
    private final int fd;
    private final LogSink sink;
    private final byte[] buf = new byte[64 * 1024];
    private final byte[] pending = new byte[MAX_PENDING];
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private int pendingLen;
    private boolean eof, closed;

    ChildLog(int fd, LogSink sink) {
        this.fd = fd;
        this.sink = sink;
    }

    int fd() {
        return fd;
    }

    synchronized boolean atEof() {
        return eof;
    }

    /** Reads everything the pipe holds now; at end of file, flushes the unfinished last line. */
    synchronized void drain() {
        while (!eof && !closed) {
            long n = LIBC.read(fd, buf, buf.length);
            if (n > 0) {
                accept((int) n);
            } else if (n == 0) {
                eof = true;
                flushPending();
            } else if (Native.errno() != Native.EINTR) {
                return;
            }
        }
    }

    private void accept(int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                emit(buf, start, i + 1 - start);
                start = i + 1;
            }
        }
        int rest = n - start;
        if (pendingLen + rest > MAX_PENDING) {
            flushPending();
        }
        System.arraycopy(buf, start, pending, pendingLen, Math.min(rest, MAX_PENDING));
        pendingLen += Math.min(rest, MAX_PENDING);
    }

    private void emit(byte[] src, int off, int len) {
        if (pendingLen > 0) {
            byte[] joined = new byte[pendingLen + len];
            System.arraycopy(pending, 0, joined, 0, pendingLen);
            System.arraycopy(src, off, joined, pendingLen, len);
            pendingLen = 0;
            src = joined;
            off = 0;
            len = joined.length;
        }
        sink.write(src, off, len);
        remember(new String(src, off, Math.min(len, 500), StandardCharsets.UTF_8).stripTrailing());
    }

    private void flushPending() {
        if (pendingLen > 0) {
            emit(new byte[] {'\n'}, 0, 1);
        }
    }

    private void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    synchronized void close() {
        drain();
        closed = true;
        LIBC.close(fd);
    }
}
