package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The read end of one child's stdout/stderr pipe. Drained by the poller, or by the loop when it
 * needs the last lines of a child that just died; whole lines go to the site's sink, the last
 * few are kept for error messages. Reads go into a buffer of the reading thread's (the poller,
 * or the loop), not one per child: 500 children with 128 KiB each held 64 MB of heap. The
 * unfinished last line, usually nothing, gets an array only when there is one.
 */
final class ChildLog {
    private static final int TAIL_LINES = 20, LINE_BYTES = 500, MAX_PENDING = 64 * 1024;
    private final int fd;
    private final LogSink sink;
    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[64 * 1024]);
    private static final byte[] NONE = new byte[0];
    private byte[] pending = NONE;
    /** The last TAIL_LINES lines, each ended by a newline, in one array: no object per line (500 sites kept 10,000 strings). */
    private byte[] tail = NONE;
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
            pending = Arrays.copyOf(pending, Math.min(MAX_PENDING, Math.max(pendingLen + keep, 2 * pending.length)));
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

    /**
     * Keeps the last TAIL_LINES lines, the batch's after the ones kept before; only the batch's own
     * last TAIL_LINES lines are looked at (a busy site logs thousands a second).
     */
    private void rememberLast(byte[] src, int off, int len) {
        int end = off + len; // src[end - 1] is the batch's final newline
        int start = end - 1;
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
        byte[] joined = Arrays.copyOf(tail, tail.length + end - start);
        int n = tail.length;
        for (int from = start, i = start; i < end; i++) {
            if (src[i] == '\n') {
                int keep = Math.min(i - from, LINE_BYTES);
                System.arraycopy(src, from, joined, n, keep);
                n += keep;
                joined[n++] = '\n';
                from = i + 1;
            }
        }
        tail = Arrays.copyOfRange(joined, LastLines.start(joined, n, TAIL_LINES), n);
    }

    private void flushPending() {
        if (pendingLen > 0) {
            emit(new byte[] {'\n'}, 0, 1);
        }
    }

    /** The last lines the child wrote, each cut to LINE_BYTES bytes and without trailing blanks. */
    synchronized List<String> tail() {
        List<String> lines = new ArrayList<>(TAIL_LINES);
        for (int from = 0, i = 0; i < tail.length; i++) {
            if (tail[i] == '\n') {
                lines.add(new String(tail, from, i - from, StandardCharsets.UTF_8).stripTrailing());
                from = i + 1;
            }
        }
        return List.copyOf(lines);
    }

    synchronized void close() {
        drain();
        closed = true;
        LIBC.close(fd);
    }
}
