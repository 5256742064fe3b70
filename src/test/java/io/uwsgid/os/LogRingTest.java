package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The console output kept for a site without a log file. */
class LogRingTest {
    private static void write(LogRing ring, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ring.append(b, 0, b.length);
    }

    private static String last(LogRing ring, int n) {
        return new String(ring.lastLines(n), StandardCharsets.UTF_8);
    }

    @Test
    void holdsTheLastLinesWritten() {
        LogRing ring = new LogRing(64);
        write(ring, "one\ntwo\n");
        write(ring, "three\n");
        assertEquals("two\nthree\n", last(ring, 2));
        assertEquals("one\ntwo\nthree\n", last(ring, 10));
    }

    @Test
    void nothingWrittenIsNothingToShow() {
        assertEquals("", last(new LogRing(64), 10));
    }

    @Test
    void onceFullTheOldestLinesGoAndALineCutByTheWrapIsLeftOut() {
        LogRing ring = new LogRing(16);
        for (int i = 0; i < 10; i++) {
            write(ring, "line " + i + "\n"); // 7 bytes each: 16 hold two whole lines and part of one
        }
        assertEquals("line 8\nline 9\n", last(ring, 10));
        assertEquals("line 9\n", last(ring, 1));
    }

    @Test
    void aWriteBiggerThanTheRingKeepsItsEnd() {
        LogRing ring = new LogRing(8);
        write(ring, "aaaaaaaaaa\nbb\ncc\n");
        assertEquals("bb\ncc\n", last(ring, 5));
    }
}
