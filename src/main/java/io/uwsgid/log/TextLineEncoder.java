package io.uwsgid.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The daemon's text log line: {@code 2026-12-07 06:01:36.718 INFO  message}, local time, the
 * level padded to five, then the stack trace of an exception if the event has one; what logback's
 * pattern {@code %d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %msg%n} writes, byte for byte
 * (TextLineEncoderTest). Not that pattern itself: logback compiles a pattern by loading each
 * converter by name through its {@code Loader}, whose first use loads the JDK's security policy
 * machinery (see {@link LogProvider}).
 */
public final class TextLineEncoder extends LineEncoder {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
        String level = event.getLevel().toString();
        line.append(' ').append(level);
        for (int i = level.length(); i < 5; i++) {
            line.append(' ');
        }
        line.append(' ').append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            line.append(ThrowableProxyUtil.asString(error)); // ends with its own line separator
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }
}
