package io.uwsgid.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/** Switches the daemon's own log (stderr) between text lines and JSON lines ({@code log-format} in uwsgid.ini). */
public final class LogFormat {
    private LogFormat() {}

    /** Every appender of the root logger writes JSON lines ({@code json}) or text lines from now on (a HUP may switch). */
    public static void apply(boolean json) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> out && json != out.getEncoder() instanceof JsonLineEncoder) {
                ch.qos.logback.core.encoder.Encoder<ILoggingEvent> encoder = json ? new JsonLineEncoder() : new TextLineEncoder();
                encoder.setContext(ctx);
                encoder.start();
                out.stop();
                out.setEncoder(encoder);
                out.start();
            }
        }
    }
}
