package io.uwsgid.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JSON lines as journald and Loki read them: one object per line, the site as its own field. */
class JsonLineEncoderTest {
    private final LoggerContext ctx = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    private final JsonLineEncoder encoder = new JsonLineEncoder();

    private String encode(String pattern, Throwable t, Object... args) {
        LoggingEvent e = new LoggingEvent("io.uwsgid.site.Site", ctx.getLogger("io.uwsgid.site.Site"), Level.INFO, pattern, t, args);
        return new String(encoder.encode(e), StandardCharsets.UTF_8);
    }

    private static JsonObject parse(String line) {
        return JsonParser.parseString(line).getAsJsonObject();
    }

    @Test
    void aSitesLineCarriesTheSiteAsAFieldAndTheMessageWithoutItsPrefix() {
        String line = encode("{} - {} -> {} ({})", null, "myproject", "STARTING", "RUNNING", "accepting after 30 ms");
        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
        JsonObject o = parse(line);
        assertEquals("myproject", o.get("site").getAsString());
        assertEquals("STARTING -> RUNNING (accepting after 30 ms)", o.get("message").getAsString());
        assertEquals("INFO", o.get("level").getAsString());
        assertEquals("Site", o.get("logger").getAsString());
        assertTrue(o.get("time").getAsString().endsWith("Z"));
    }

    @Test
    void aDaemonLineHasNoSite() {
        JsonObject o = parse(encode("SIGTERM: stopping every site", null));
        assertFalse(o.has("site"));
        assertEquals("SIGTERM: stopping every site", o.get("message").getAsString());
    }

    @Test
    void quotesNewlinesAndStackTracesStayInsideOneLine() {
        String line = encode("{} - said \"{}\"", new IllegalStateException("boom"), "a\"b", "two\nlines");
        assertEquals(1, line.split("\n").length);
        JsonObject o = parse(line);
        assertEquals("a\"b", o.get("site").getAsString());
        assertEquals("said \"two\nlines\"", o.get("message").getAsString());
        assertTrue(o.get("error").getAsString().contains("IllegalStateException: boom"));
    }
}
