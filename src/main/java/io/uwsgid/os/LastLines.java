package io.uwsgid.os;

import java.io.IOException;

/**
 * Where the last N lines of a byte sequence start, as tail finds them: scanning back from the end
 * in blocks, so a large log costs only the blocks that hold those lines. A final line without its
 * newline counts as a line.
 */
final class LastLines {
    static final int BLOCK = 64 * 1024;

    /** Reads up to {@code len} bytes at {@code pos} into {@code buf} from {@code off}; returns how many (0 or less at the end). */
    interface ReadAt {
        int read(long pos, byte[] buf, int off, int len) throws IOException;
    }

    private LastLines() {}

    /** The offset where the last {@code n} lines of {@code [0, end)} begin (0 if there are fewer). */
    static long start(ReadAt src, long end, int n) throws IOException {
        if (n <= 0 || end <= 0) {
            return end;
        }
        byte[] buf = new byte[(int) Math.min(BLOCK, end)];
        long scanned = end - 1; // a newline ending the last line does not start another
        int seen = 0;
        while (scanned > 0) {
            int len = (int) Math.min(buf.length, scanned);
            long from = scanned - len;
            readFully(src, from, buf, len);
            for (int i = len - 1; i >= 0; i--) {
                if (buf[i] == '\n' && ++seen == n) {
                    return from + i + 1;
                }
            }
            scanned = from;
        }
        return 0;
    }

    /** The same in memory: where the last {@code n} lines of {@code b[0, end)} begin (0 if there are fewer). */
    static int start(byte[] b, int end, int n) {
        if (n <= 0 || end <= 0) {
            return end;
        }
        int seen = 0;
        for (int i = end - 2; i >= 0; i--) { // a newline ending the last line does not start another
            if (b[i] == '\n' && ++seen == n) {
                return i + 1;
            }
        }
        return 0;
    }

    static void readFully(ReadAt src, long pos, byte[] buf, int len) throws IOException {
        for (int done = 0; done < len; ) {
            int got = src.read(pos + done, buf, done, len - done);
            if (got <= 0) {
                throw new IOException("the log ended at " + (pos + done) + " while reading up to " + (pos + len));
            }
            done += got;
        }
    }
}
