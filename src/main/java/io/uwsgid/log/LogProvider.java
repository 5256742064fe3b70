package io.uwsgid.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The daemon's SLF4J binding: logback, set up by {@link ConsoleLog} directly. Logback's own
 * provider does the same through its auto-configuration, whose first step (logback 1.4's
 * {@code Loader}) asks the JDK's access controller for a permission, and that loads the security
 * policy machinery: about 110 classes, the parsed {@code java.security} and policy files, ~1.6 MB
 * of memory and ~15 ms of start for a check whose answer is never used (bench/README.md,
 * "JVM flags"). Chosen by {@code -Dslf4j.provider} in uwsgid.options; without that flag (unit
 * tests, uwsgictl) logback's provider runs and finds ConsoleLog as before.
 */
public final class LogProvider implements SLF4JServiceProvider {
    private LoggerContext context;
    private IMarkerFactory markers;
    private MDCAdapter mdc;

    @Override
    public void initialize() {
        LoggerContext ctx = new LoggerContext();
        ctx.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        new ConsoleLog().configure(ctx);
        ctx.start();
        markers = new BasicMarkerFactory();
        mdc = new LogbackMDCAdapter();
        ctx.setMDCAdapter(mdc);
        context = ctx;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99"; // as logback's provider: any SLF4J 2.0.x
    }
}
