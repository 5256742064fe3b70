package io.uwsgid.metrics;

import io.uwsgid.arbiter.Arbiter;
import io.uwsgid.arbiter.DaemonObserver;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.control.Reply;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics for the daemon: watches the loop, serves /metrics and /healthz when uwsgid.ini gives an
 * address, and adds what sites use to status replies. Nothing here runs on the loop thread but
 * {@link LoopWatch#turn}.
 */
public final class Metrics implements AutoCloseable, DaemonObserver {
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
    private final UsageCollector usage;
    private final Meters meters;
    private final LoopWatch watch;
    /** Replaced by a HUP that changes {@code metrics}; read by close() on the main thread. */
    private volatile MetricsServer server;
    private InetSocketAddress at;
    private final ExecutorService statusThreads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "uwsgid-usage");
        t.setDaemon(true);
        return t;
    });

    private Metrics(UsageCollector usage, Meters meters, LoopWatch watch) {
        this.usage = usage;
        this.meters = meters;
        this.watch = watch;
    }

    /**
     * Watches {@code arbiter} and, if {@code daemon.metrics()} is set, listens there. An address
     * that cannot be bound is logged and the daemon runs on without the endpoint: the sites matter more.
     */
    public static Metrics start(DaemonConfig daemon, Arbiter arbiter) {
        LoopWatch watch = new LoopWatch();
        arbiter.addObserver(watch);
        UsageCollector usage = new UsageCollector(daemon);
        Metrics metrics = new Metrics(usage, new Meters(watch, usage), watch);
        metrics.listen(daemon.metrics());
        arbiter.addObserver(metrics);
        return metrics;
    }

    /** Serves /metrics at {@code address} from now on (none when null), instead of where it served before. */
    private void listen(InetSocketAddress address) {
        if (server != null) {
            server.close();
            server = null;
            LOG.info("metrics: no longer on {}:{}", host(at), at.getPort());
        }
        at = address;
        if (address == null) {
            return;
        }
        try {
            server = MetricsServer.start(address, meters, watch);
            LOG.info("metrics: http://{}:{}/metrics and /healthz", host(address), server.address().getPort());
        } catch (IOException | RuntimeException e) {
            LOG.error("metrics: cannot listen on {} ({}); running without /metrics (set metrics = HOST:PORT in uwsgid.ini, or empty for none)",
                    address, e.getMessage());
        }
    }

    /** A HUP that changed {@code metrics} moves the endpoint (binding takes a moment, not a wait on a client). */
    @Override
    public void settingsChanged(DaemonConfig settings) {
        if (!java.util.Objects.equals(settings.metrics(), at)) {
            listen(settings.metrics());
        }
    }

    private static String host(InetSocketAddress a) {
        String h = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return h.contains(":") ? "[" + h + "]" : h;
    }

    /** The reply, with the usage of each site in it filled in off the loop thread (a status reply has sites; others pass through). */
    public CompletableFuture<Reply> withUsage(CompletableFuture<Reply> reply) {
        return reply.thenApplyAsync(r -> r.sites().isEmpty() ? r
                : new Reply(r.code(), r.message(), r.results(), usage.fill(r.sites())), statusThreads);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        statusThreads.shutdownNow();
        meters.close();
    }
}
