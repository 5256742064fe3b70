package io.uwsgid.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

/** The daemon's provider sets logback up as logback's own auto-configuration would with ConsoleLog. */
class LogProviderTest {
    @Test
    void theContextLogsTextLinesToStderrAtInfoWithAnMdc() {
        LogProvider provider = new LogProvider();
        provider.initialize();
        LoggerContext ctx = assertInstanceOf(LoggerContext.class, provider.getLoggerFactory());
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        ConsoleAppender<?> console = assertInstanceOf(ConsoleAppender.class, root.getAppender("CONSOLE"));
        assertEquals("System.err", console.getTarget());
        assertInstanceOf(TextLineEncoder.class, console.getEncoder());
        assertNotNull(provider.getMDCAdapter());
        assertNotNull(provider.getMarkerFactory().getMarker("x"));
        assertEquals(provider.getMDCAdapter(), ctx.getMDCAdapter());
    }
}
