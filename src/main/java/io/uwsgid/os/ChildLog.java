package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The read end of one child's stdout/stderr pipe. Drained by the poller, or by the loop when it
 * needs the last lines of a child that just died; whole lines go to the site's sink, the last
 * few are kept for error messages. Reads go into a buffer of the reading thread's (the poller,
 * or the loop), not one per child: 500 children with 128 KiB each held 64 MB of heap. The
 * unfinished last line, usually nothing, gets an array only when there is one.
 */
final class ChildLog {
    private static final int TAIL_LINES = 20, MAX_PENDING = 64 * 1024;
    private final int fd;
    private final LogSink sink;
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
    private static final byte[] NONE = new byte[0];
    private byte[] pending = NONE;
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
        byte[] buf = READ_BUFFER.get();
        while (!eof && !closed) {
            long n = LIBC.read(fd, buf, buf.length);
            if (n > 0) {
                accept(buf, (int) n);
            } else if (n == 0) {
                eof = true;
                flushPending();
            } else if (Native.errno() != Native.EINTR) {
                return;
            }
        }
    }

    /** Every complete line of what was read goes to the sink in one write; the rest waits for its newline. */
    private void accept(byte[] buf, int n) {
        int end = n;
        while (end > 0 && buf[end - 1] != '\n') {
            end--;
        }
        if (end > 0) {
            emit(buf, 0, end);
        }
        int rest = n - end;
        if (pendingLen + rest > MAX_PENDING) {
            flushPending();
        }
        int keep = Math.min(rest, MAX_PENDING);
        if (pendingLen + keep > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.min(MAX_PENDING, Math.max(pendingLen + keep, 2 * pending.length)));
        }
        System.arraycopy(buf, end, pending, pendingLen, keep);
        pendingLen += keep;
    }

    /** Writes whole lines, the unfinished line before them first, and keeps the last few for error messages. */
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
        rememberLast(src, off, len);
    }

    /** Only the last TAIL_LINES lines of a batch become strings: a busy site logs thousands a second. */
    private void rememberLast(byte[] src, int off, int len) {
        int start = off + len - 1; // the batch's final newline
        int lines = 0;
        while (start > off && lines < TAIL_LINES) {
            start--;
            if (src[start] == '\n') {
                lines++;
            }
        }
        if (lines == TAIL_LINES) {
            start++;
        }
        int from = start;
        for (int i = start; i < off + len; i++) {
            if (src[i] == '\n') {
                remember(new String(src, from, Math.min(i + 1 - from, 500), StandardCharsets.UTF_8).stripTrailing());
                from = i + 1;
            }
        }
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
