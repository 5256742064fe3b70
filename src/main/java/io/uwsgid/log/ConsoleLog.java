package io.uwsgid.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The daemon's and uwsgictl's log set up in code (by {@link LogProvider}, or found by logback
 * through META-INF/services): {@link TextLineEncoder} lines on stderr, level from
 * UWSGID_LOG_LEVEL (default INFO). Doing it in code spares the XML parser
 * and logback's configuration model, about 500 classes and 4 MB of the daemon's memory.
 */
public final class ConsoleLog extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        TextLineEncoder encoder = new TextLineEncoder();
        encoder.setContext(ctx);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("CONSOLE");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level(), Level.INFO));
        root.addAppender(console);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static String level() {
        String property = System.getProperty("UWSGID_LOG_LEVEL");
        return property != null ? property : System.getenv().getOrDefault("UWSGID_LOG_LEVEL", "INFO");
    }
}
