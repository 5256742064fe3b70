package io.uwsgid.os;

/**
 * The last bytes a site wrote to the daemon's console, for {@code uwsgictl logs}: a circular
 * buffer of at most its capacity, grown as output arrives to what it holds rounded up to 1 KiB,
 * and by half at least (500 console sites that each printed their few start-up lines held 32 MB
 * when it was allocated whole, and 2 MB with a first 4 KiB each for ~1.9 KB of lines).
 * Not thread-safe: its {@link LogFeed} guards it.
 */
final class LogRing {
    private static final int GRAIN = 1024;
    private final int capacity;
    private byte[] buf;
    /** Bytes ever written; the ring holds the last min(total, capacity) of them. */
    private long total;

    LogRing(int capacity) {
        this.capacity = capacity;
    }

    void append(byte[] src, int off, int len) {
        ensure(total + len);
        if (buf.length < capacity) { // still linear: everything written fits from offset 0
            System.arraycopy(src, off, buf, (int) total, len);
            total += len;
            return;
        }
        if (len > capacity) {
            off += len - capacity;
            total += len - capacity;
            len = capacity;
        }
        int at = (int) (total % capacity);
        int first = Math.min(len, capacity - at);
        System.arraycopy(src, off, buf, at, first);
        System.arraycopy(src, off + first, buf, 0, len - first);
        total += len;
    }

    /** Room for {@code need} bytes written in all, up to the capacity, keeping what is held (linear below it). */
    private void ensure(long need) {
        if (buf != null && (buf.length == capacity || need <= buf.length)) {
            return;
        }
        long size = buf == null ? need : Math.max(need, buf.length + buf.length / 2L);
        byte[] grown = new byte[(int) Math.min(capacity, (size + GRAIN - 1) / GRAIN * GRAIN)];
        if (buf != null) {
            System.arraycopy(buf, 0, grown, 0, (int) total);
        }
        buf = grown;
    }

    /** The bytes allocated to hold what was written. */
    int allocated() {
        return buf == null ? 0 : buf.length;
    }

    /** The last {@code n} whole lines held (a line cut by the wrap-around is left out). */
    byte[] lastLines(int n) {
        long held = Math.min(total, capacity);
        if (held == 0) {
            return new byte[0];
        }
        long base = total - held; // absolute offset of the oldest byte held
        LastLines.ReadAt at = (pos, dst, off, len) -> copy(base + pos, dst, off, len);
        try {
            long start = LastLines.start(at, held, n);
            if (start == 0 && base > 0) {
                start = firstLineStart(held);
            }
            byte[] out = new byte[(int) (held - start)];
            copy(base + start, out, 0, out.length);
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e); // reading memory does not fail
        }
    }

    /** After the oldest bytes were overwritten, the first line starts after the first newline. */
    private long firstLineStart(long held) {
        long base = total - held;
        for (long i = 0; i < held; i++) {
            if (buf[(int) ((base + i) % capacity)] == '\n') {
                return i + 1;
            }
        }
        return held;
    }

    private int copy(long absolute, byte[] dst, int off, int len) {
        int at = (int) (absolute % capacity);
        int first = Math.min(len, capacity - at);
        System.arraycopy(buf, at, dst, off, first);
        System.arraycopy(buf, 0, dst, off + first, len - first);
        return len;
    }
}
