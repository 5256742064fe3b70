package io.uwsgid.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The daemon's text lines are what logback's pattern wrote before, byte for byte, with and without a stack trace. */
class TextLineEncoderTest {
    private final LoggerContext ctx = new LoggerContext();
    private final TextLineEncoder encoder = new TextLineEncoder();

    private static LoggingEvent event(LoggerContext ctx, Level level, String pattern, Throwable t, Object... args) {
        return new LoggingEvent("io.uwsgid.site.Site", ctx.getLogger("io.uwsgid.site.Site"), level, pattern, t, args);
    }

    private String logback(LoggingEvent e) {
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(ctx);
        pattern.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %msg%n");
        pattern.start();
        return new String(pattern.encode(e), StandardCharsets.UTF_8);
    }

    @Test
    void everyLevelIsTheLinePatternLayoutWrote() {
        for (Level level : new Level[] {Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE}) {
            LoggingEvent e = event(ctx, level, "{} - {} -> {}", null, "myproject", "STARTING", "RUNNING");
            String line = new String(encoder.encode(e), StandardCharsets.UTF_8);
            assertEquals(logback(e), line);
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z ]{5} myproject - STARTING -> RUNNING\n"), line);
        }
    }

    @Test
    void aStackTraceFollowsItsLineAsBefore() {
        LoggingEvent e = event(ctx, Level.ERROR, "event loop: {}", new IllegalStateException("boom", new RuntimeException("cause")), "x");
        String line = new String(encoder.encode(e), StandardCharsets.UTF_8);
        assertEquals(logback(e), line);
        assertTrue(line.contains(" ERROR event loop: x\njava.lang.IllegalStateException: boom\n\tat "), line);
        assertTrue(line.contains("Caused by: java.lang.RuntimeException: cause"), line);
    }
}
