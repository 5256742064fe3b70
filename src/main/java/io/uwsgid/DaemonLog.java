package io.uwsgid;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.uwsgid.arbiter.DaemonObserver;
import io.uwsgid.log.TextLineEncoder;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's own log in a file ({@code uwsgid --log-file}) instead of stderr, for hosts
 * without a journal. Reopened with the sites' logs (USR1, uwsgictl reopen-logs), so logrotate
 * moves it away without copytruncate and without losing a line.
 */
final class DaemonLog implements DaemonObserver {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonLog.class);
    private final FileAppender<ILoggingEvent> appender;

    private DaemonLog(FileAppender<ILoggingEvent> appender) {
        this.appender = appender;
    }

    /** Sends every log line to {@code file} (appended) from now on; throws HaltDaemon if it cannot be opened. */
    static DaemonLog to(Path file) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        TextLineEncoder encoder = new TextLineEncoder();
        encoder.setContext(ctx);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(ctx);
        appender.setName("FILE");
        appender.setAppend(true);
        appender.setFile(file.toAbsolutePath().toString());
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            throw new HaltDaemon("cannot open the log file " + file + " (does its directory exist, and may root write there?)", 1);
        }
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        root.detachAppender("CONSOLE");
        return new DaemonLog(appender);
    }

    /** Swaps the open file for a fresh one at the same path under the appender's own lock: no line is dropped. */
    @Override
    public void logsReopened() {
        try {
            appender.openFile(appender.getFile());
            LOG.info("reopened the daemon's log file {}", appender.getFile());
        } catch (IOException e) {
            LOG.error("cannot reopen the daemon's log file {}: {}", appender.getFile(), e.getMessage());
        }
    }
}
