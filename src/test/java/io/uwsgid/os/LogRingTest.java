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

    @Test
    void takesWhatItHoldsRoundedUpToAKibibyteAndGrowsByHalfAtLeast() {
        LogRing ring = new LogRing(64 * 1024);
        assertEquals(0, ring.allocated());
        write(ring, "x".repeat(1899) + "\n"); // a uWSGI site's start-up lines, about
        assertEquals(2048, ring.allocated());
        write(ring, "y\n");
        assertEquals(2048, ring.allocated(), "it fits");
        write(ring, "v".repeat(199) + "\n");
        assertEquals(3072, ring.allocated(), "2,102 bytes need more: half as much again");
        write(ring, "z".repeat(10_000) + "\n");
        assertEquals(12 * 1024, ring.allocated(), "what it holds, rounded up");
        write(ring, "w".repeat(100_000) + "\n");
        assertEquals(64 * 1024, ring.allocated(), "never past its capacity");
        write(ring, "last\n");
        assertEquals(64 * 1024, ring.allocated());
        assertEquals("last\n", last(ring, 1));
    }

    @Test
    void growingKeepsEveryLineInOrder() {
        LogRing ring = new LogRing(4096);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String line = "line " + i + " " + "=".repeat(i % 37) + "\n";
            write(ring, line);
            all.append(line);
            String kept = all.substring(Math.max(0, all.length() - 4096));
            String whole = kept.substring(all.length() > 4096 ? kept.indexOf('\n') + 1 : 0);
            assertEquals(whole, last(ring, 1000), "after line " + i);
        }
    }
}
