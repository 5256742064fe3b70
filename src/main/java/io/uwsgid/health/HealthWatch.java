package io.uwsgid.health;

import io.uwsgid.arbiter.DaemonObserver;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.metrics.StatsReader;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteUsage;
import io.uwsgid.status.StatsReading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the stats server of every running site every two seconds, on a thread of its own (the
 * event loop never waits for a site), and hands each round to the loop, where each site judges
 * its own liveness. A site without a stats socket (chroot, a path too long) is not watched.
 */
public final class HealthWatch implements DaemonObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthWatch.class);
    /** How long a round waits for the stats servers; one that has not answered by then counts as not answering. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    /**
     * A read costs the daemon and the site's master a connection and a JSON document: once a
     * second at 500 sites that was 3 % of a core for the daemon alone (bench/compare); every two
     * seconds halves it, and a hang is seen at most one period (and one read timeout) after
     * health-timeout.
     */
    static final Duration PERIOD = Duration.ofSeconds(2);

    private record Target(String site, int generation, Path socket) {}

    private final DaemonConfig daemon;
    private final Consumer<Map<String, StatsReading>> sink;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "uwsgid-health");
        t.setDaemon(true);
        return t;
    });
    private volatile List<Target> targets = List.of();

    private HealthWatch(DaemonConfig daemon, Consumer<Map<String, StatsReading>> sink) {
        this.daemon = daemon;
        this.sink = sink;
    }

    /** Starts watching; {@code sink} gets every round (the arbiter queues it for the loop). */
    public static HealthWatch start(DaemonConfig daemon, Consumer<Map<String, StatsReading>> sink) {
        HealthWatch w = new HealthWatch(daemon, sink);
        w.thread.scheduleWithFixedDelay(w::round, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    @Override
    public void turn(Snapshot snapshot) {
        targets = snapshot.sites().stream().filter(s -> s.state() == SiteState.RUNNING && s.pid() != 0)
                .map(s -> new Target(s.name(), s.generation(), daemon.siteStatsSocket(s.name(), s.generation()))).toList();
    }

    private void round() {
        try {
            List<Target> now = targets.stream().filter(t -> Files.exists(t.socket())).toList();
            if (now.isEmpty()) {
                return;
            }
            Map<String, Path> sockets = new HashMap<>();
            now.forEach(t -> sockets.put(t.site(), t.socket()));
            Map<String, SiteUsage.Stats> read = StatsReader.read(sockets, READ_TIMEOUT);
            Map<String, StatsReading> out = new HashMap<>();
            now.forEach(t -> out.put(t.site(), new StatsReading(t.generation(), read.get(t.site()))));
            sink.accept(out);
        } catch (RuntimeException e) {
            LOG.error("health watch: {}", e.toString(), e); // the next round tries again
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
