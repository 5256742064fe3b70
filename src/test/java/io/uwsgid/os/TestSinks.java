package io.uwsgid.os;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** For tests of other packages: a console sink, and writing to a sink as the pipe drainer does. */
public final class TestSinks {
    private TestSinks() {}

    public static LogSink console(String site) {
        return new LogSink.Console(site, new PrintStream(new ByteArrayOutputStream(), true));
    }

    public static void write(LogSink sink, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        sink.write(b, 0, b.length);
    }
}
