package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleLogSinkTest {
    /** Counts the writes that reach the stream under the PrintStream, as syscalls would reach stdout's fd. */
    static final class Counting extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int writes;

        @Override
        public void write(int b) {
            writes++;
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            writes++;
            bytes.write(b, off, len);
        }
    }

    @Test
    void everyLineGetsTheSitePrefixAndABatchIsOneWrite() {
        Counting fd = new Counting();
        LogSink sink = new LogSink.Console("shop", new PrintStream(fd, true));
        byte[] lines = "[pid: 7|app: 0] GET /\n[pid: 8|app: 0] GET /x\n".getBytes(StandardCharsets.UTF_8);
        sink.write(lines, 0, lines.length);
        assertEquals("shop| [pid: 7|app: 0] GET /\nshop| [pid: 8|app: 0] GET /x\n", fd.bytes.toString(StandardCharsets.UTF_8));
        assertEquals(1, fd.writes, "two lines, one write");
    }
}
