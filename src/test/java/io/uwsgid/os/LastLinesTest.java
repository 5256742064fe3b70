package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Where tail -n N would start, found by scanning back in blocks. */
class LastLinesTest {
    static String tail(String text, int n) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        long start = LastLines.start((pos, buf, off, len) -> {
            int k = (int) Math.min(len, b.length - pos);
            System.arraycopy(b, (int) pos, buf, off, k);
            return k;
        }, b.length, n);
        return new String(b, (int) start, b.length - (int) start, StandardCharsets.UTF_8);
    }

    @Test
    void inMemoryTheLastLinesStartWhereTheReaderFindsThem() throws Exception {
        for (String text : new String[] {"a\nb\nc\nd\n", "a\nb\n", "\n\nx\n", "only\n", ""}) {
            for (int n : new int[] {0, 1, 2, 5}) {
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                int start = LastLines.start(b, b.length, n);
                assertEquals(tail(text, n), text.substring(start), text + " " + n);
            }
        }
    }

    @Nested
    class AsTailCountsLines {
        @Test
        void theLastNLinesOfMore() throws Exception {
            assertEquals("c\nd\n", tail("a\nb\nc\nd\n", 2));
        }

        @Test
        void everythingWhenThereAreFewer() throws Exception {
            assertEquals("a\nb\n", tail("a\nb\n", 5));
        }

        @Test
        void aLastLineWithoutItsNewlineCounts() throws Exception {
            assertEquals("c\nd", tail("a\nb\nc\nd", 2));
        }

        @Test
        void emptyLinesCount() throws Exception {
            assertEquals("\n\n", tail("a\n\n\n", 2));
        }

        @Test
        void zeroLinesIsNothing() throws Exception {
            assertEquals("", tail("a\nb\n", 0));
            assertEquals("", tail("", 3));
        }
    }

    @Test
    void linesAcrossBlockBoundariesAreCountedOnce() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20000; i++) {
            text.append("request ").append(i).append(" ").append("x".repeat(i % 37)).append('\n');
        }
        String last = tail(text.toString(), 12345);
        assertEquals(12345, last.lines().count());
        assertEquals("request 7655 ", last.lines().findFirst().orElseThrow().substring(0, 13));
    }
}
