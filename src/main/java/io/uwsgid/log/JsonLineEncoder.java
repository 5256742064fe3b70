package io.uwsgid.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One JSON object per line, for journald and Loki: {@code time}, {@code level}, {@code logger},
 * {@code thread}, {@code site} (when the event is about one), {@code message}, and {@code error}
 * with the stack trace. The site comes from the MDC key {@code site}, or from the convention every
 * site's log line follows: a message that starts with {@code "{} - "} whose first argument is the site.
 */
public final class JsonLineEncoder extends LineEncoder {
    static final String SITE_PREFIX = "{} - ";

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringWriter text = new StringWriter(256);
        try (JsonWriter json = new JsonWriter(text)) {
            json.setHtmlSafe(false);
            json.beginObject();
            json.name("time").value(Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.name("level").value(event.getLevel().toString());
            json.name("logger").value(shortName(event.getLoggerName()));
            json.name("thread").value(event.getThreadName());
            String site = site(event);
            String message = event.getFormattedMessage();
            if (site != null) {
                json.name("site").value(site);
                if (message.startsWith(site + " - ")) {
                    message = message.substring(site.length() + 3);
                }
            }
            json.name("message").value(message);
            IThrowableProxy error = event.getThrowableProxy();
            if (error != null) {
                json.name("error").value(ThrowableProxyUtil.asString(error));
            }
            json.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static String site(ILoggingEvent event) {
        String mdc = event.getMDCPropertyMap().get("site");
        if (mdc != null) {
            return mdc;
        }
        Object[] args = event.getArgumentArray();
        String pattern = event.getMessage();
        return pattern != null && pattern.startsWith(SITE_PREFIX) && args != null && args.length > 0 && args[0] != null
                ? args[0].toString() : null;
    }

    private static String shortName(String logger) {
        return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
    }
}
