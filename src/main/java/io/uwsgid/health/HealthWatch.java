package io.uwsgid.health;

import io.uwsgid.arbiter.DaemonObserver;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.metrics.StatsReader;
import io.uwsgid.os.Heartbeats;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
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
 * Watches every running site for a hang, in rounds a heartbeat period apart (two seconds at
 * least), on a thread of its own (the event loop never waits for a site). A generation whose
 * workers send uWSGI's heartbeat costs nothing while they do: its stats server is read only
 * once every worker has been silent for its health-timeout plus a heartbeat period, to say why.
 * An on-demand site (its idle return counts requests) and a generation that sends no heartbeat
 * (a loop engine other than uWSGI's default) have their stats read every round. Each reading
 * goes to the loop, where the site judges it.
 */
public final class HealthWatch implements DaemonObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthWatch.class);
    /** How long a round waits for the stats servers; one that has not answered by then counts as not answering. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(1);
    /**
     * The shortest time between rounds. A round collects the beats (each counts as sent then) and
     * reads what is due, so a hang is seen at most a round's period (and a read timeout) after it
     * is due: the period is the shortest heartbeat period among the sites, at least this.
     */
    static final Duration PERIOD = Duration.ofSeconds(2);
    /**
     * Added to a heartbeat period: uWSGI schedules beats in whole seconds of time(2), so one can
     * come up to a second late. A generation's first beat may come a period and this after its
     * master says accepting (a worker beats as it first waits for a request, before that).
     */
    static final long SLACK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** {@link #due}: nothing to read this round. */
    static final long SKIP = Long.MIN_VALUE;

    /** A running generation, accepting since {@code since} (System.nanoTime()). */
    private record Target(String site, int generation, int pid, SiteStatus.Watch watch, long since) {}

    private final DaemonConfig daemon;
    private final Heartbeats heartbeats;
    private final Consumer<Map<String, StatsReading>> sink;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "uwsgid-health");
        t.setDaemon(true);
        return t;
    });
    private volatile List<Target> targets = List.of();
    private volatile long roundMillis = PERIOD.toMillis();

    private HealthWatch(DaemonConfig daemon, Heartbeats heartbeats, Consumer<Map<String, StatsReading>> sink) {
        this.daemon = daemon;
        this.heartbeats = heartbeats;
        this.sink = sink;
    }

    /** Starts watching; {@code sink} gets every round that has a reading (the arbiter queues it for the loop). */
    public static HealthWatch start(DaemonConfig daemon, Heartbeats heartbeats, Consumer<Map<String, StatsReading>> sink) {
        HealthWatch w = new HealthWatch(daemon, heartbeats, sink);
        w.thread.schedule(w::round, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return w;
    }

    /** Milliseconds to the next round: the shortest heartbeat period among {@code running}, and no less than {@link #PERIOD}. */
    static long nextRoundMillis(List<SiteStatus.Watch> running) {
        int beat = running.stream().filter(w -> w.healthTimeoutMillis() > 0 && !w.onDemand()).mapToInt(SiteStatus.Watch::heartbeatSeconds)
                .filter(s -> s > 0).min().orElse(0);
        return Math.max(PERIOD.toMillis(), TimeUnit.SECONDS.toMillis(beat));
    }

    @Override
    public void turn(Snapshot snapshot) {
        long at = snapshot.monotonicNanos();
        targets = snapshot.sites().stream().filter(s -> s.state() == SiteState.RUNNING && s.pid() != 0)
                .map(s -> new Target(s.name(), s.generation(), s.pid(), s.watch(), s.upNanos() >= 0 ? at - s.upNanos() : at)).toList();
        roundMillis = nextRoundMillis(targets.stream().map(Target::watch).toList());
    }

    /**
     * What to read of a running generation this round: {@link #SKIP} nothing, {@link
     * StatsReading#POLLED} its stats as every round, or (0 or more) its stats because its workers
     * have sent no heartbeat for that many nanoseconds, longer than its health-timeout and a period.
     *
     * @param lastBeat when its workers last beat (0: not yet)
     * @param since    when its master said accepting
     */
    static long due(SiteStatus.Watch w, long lastBeat, long since, long now) {
        if (w.onDemand()) {
            return StatsReading.POLLED;
        }
        if (w.healthTimeoutMillis() <= 0) {
            return SKIP;
        }
        long period = TimeUnit.SECONDS.toNanos(w.heartbeatSeconds()) + SLACK_NANOS;
        if (lastBeat == 0) {
            return now - since < period ? SKIP : StatsReading.POLLED;
        }
        long silent = now - lastBeat;
        return silent >= TimeUnit.MILLISECONDS.toNanos(w.healthTimeoutMillis()) + period ? silent : SKIP;
    }

    private void round() {
        try {
            judge(targets);
        } catch (RuntimeException e) {
            LOG.error("health watch: {}", e.toString(), e); // the next round tries again
        } finally {
            if (!thread.isShutdown()) {
                thread.schedule(this::round, roundMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Collects the beats and reads the stats of every generation that is due; what was read goes to the loop. */
    private void judge(List<Target> running) {
        if (running.isEmpty()) {
            return;
        }
        heartbeats.collect();
        long now = System.nanoTime();
        Map<String, Long> due = new HashMap<>();
        Map<String, Path> sockets = new HashMap<>();
        for (Target t : running) {
            long d = due(t.watch(), heartbeats.last(t.pid()), t.since(), now);
            if (d == SKIP) {
                continue;
            }
            Path socket = daemon.siteStatsSocket(t.site(), t.generation());
            boolean hasStats = Files.exists(socket);
            if (d == StatsReading.POLLED && !hasStats) {
                continue; // polled without a stats socket (a chroot): nothing to judge by
            }
            due.put(t.site(), d);
            if (hasStats) {
                sockets.put(t.site(), socket);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Map<String, SiteUsage.Stats> read = StatsReader.read(sockets, READ_TIMEOUT);
        Map<String, StatsReading> out = new HashMap<>();
        running.stream().filter(t -> due.containsKey(t.site()))
                .forEach(t -> out.put(t.site(), new StatsReading(t.generation(), read.get(t.site()), due.get(t.site()))));
        sink.accept(out);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
