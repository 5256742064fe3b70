package io.uwsgid.metrics;

import static io.uwsgid.metrics.MetricNames.*;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import io.uwsgid.status.SiteUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * One site's meters, all tagged with its name. They read the status and usage the scrape thread
 * last stored here; counters of the supervisor's own are exact, those from uWSGI's stats start
 * again from zero with each generation (Prometheus' rate() takes that as a reset).
 */
final class SiteMeters {
    /** Histogram buckets: a start or reload usually takes well under a second; start-timeout defaults to 60 s. */
    static final Duration[] BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private final String site;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer spawnToAccept, reloadDuration;
    private volatile SiteStatus status;
    private volatile SiteUsage usage = SiteUsage.NONE;
    private volatile SiteUsage.Stats stats = new SiteUsage.Stats(0, 0, 0, 0, 0, 0, 0, 0);
    /** CPU of processes that have gone since, so the counter never falls when a generation exits. */
    private double cpuGone, cpuLast;
    /** OOM kills of ended generations' cgroups, and of the current one's, by generation. */
    private long oomGone, oomLast;
    private int oomGeneration;

    SiteMeters(MeterRegistry registry, SiteStatus first) {
        this.registry = registry;
        this.site = first.name();
        this.status = first;
        gauge(SITE_UP, "1 when the site's current generation accepts requests", null, m -> m.up());
        for (SiteState s : SiteState.values()) {
            meters.add(Gauge.builder(SITE_STATE, this, m -> m.status.state() == s ? 1 : 0).tag(SITE, site).tag("state", s.name())
                    .description("1 for the state the site is in, 0 for the others").register(registry));
        }
        gauge(SITE_GENERATION, "Number of the site's current (or last) uWSGI generation", null, m -> m.status.generation());
        restarts();
        gauge(SITE_LAST_EXIT_CODE, "Exit code of the last generation that ended unasked; -1 if none did or a signal killed it", null,
                m -> m.status.lastExit() == null || m.status.lastExit().signal() != 0 ? -1 : m.status.lastExit().code());
        gauge(SITE_LAST_EXIT_SIGNAL, "Signal that killed the last generation that ended unasked; 0 if none", null,
                m -> m.status.lastExit() == null ? 0 : m.status.lastExit().signal());
        gauge(SITE_START_TIME, "When the current uWSGI master started, in seconds since the epoch; 0 without one", "seconds",
                m -> m.usage.startTimeSeconds());
        spawnToAccept = timer(SITE_SPAWN_TO_ACCEPT, "From spawning a generation (start or reload) to its accepting requests");
        reloads();
        reloadDuration = timer(SITE_RELOAD_DURATION, "From spawning a reload's generation to the reload's outcome");
        gauge(SITE_BACKOFF_DELAY, "The wait before the next retry while the site is in BACKOFF; 0 otherwise", "seconds", m -> m.backoff());
        process();
        uwsgi();
        cgroup();
        meters.add(FunctionCounter.builder(SITE_HANGS, this, m -> m.status.counters().hangs()).tag(SITE, site)
                .description("Serving generations replaced because they stopped answering for the site's health-timeout").register(registry));
    }

    private void restarts() {
        counter(SITE_RESTARTS, "crash", m -> m.status.counters().restartsCrash());
        counter(SITE_RESTARTS, "operator", m -> m.status.counters().restartsOperator());
        counter(SITE_RESTARTS, "reload", m -> m.status.counters().restartsReload());
    }

    private void reloads() {
        counter(SITE_RELOADS, "ok", m -> m.status.counters().reloadsOk());
        counter(SITE_RELOADS, "rolled_back", m -> m.status.counters().reloadsRolledBack());
        counter(SITE_RELOADS, "failed", m -> m.status.counters().reloadsFailed() - m.status.counters().reloadsRolledBack());
    }

    private void process() {
        gauge(SITE_PROCESSES, "Live processes of the site (uWSGI masters and workers of every live generation)", null,
                m -> m.usage.processes());
        gauge(SITE_RESIDENT_MEMORY, "Resident memory summed over the site's processes", "bytes", m -> m.usage.residentBytes());
        meters.add(FunctionCounter.builder(SITE_CPU, this, m -> m.cpuGone + m.cpuLast).tag(SITE, site).baseUnit("seconds")
                .description("CPU time (user and system) of the site's processes and the children they reaped").register(registry));
    }

    private void uwsgi() {
        gauge(SITE_STATS_UP, "1 when the last scrape read the current generation's uWSGI stats server", null,
                m -> m.usage.stats() == null ? 0 : 1);
        meters.add(FunctionCounter.builder(SITE_REQUESTS, this, m -> m.stats.requests()).tag(SITE, site)
                .description("Requests the current generation's workers handled (uWSGI stats)").register(registry));
        meters.add(FunctionCounter.builder(SITE_EXCEPTIONS, this, m -> m.stats.exceptions()).tag(SITE, site)
                .description("Exceptions raised in the current generation's workers (uWSGI stats)").register(registry));
        for (String st : List.of("busy", "idle")) {
            meters.add(Gauge.builder(SITE_WORKERS, this, m -> st.equals("busy") ? m.stats.busyWorkers() : m.stats.idleWorkers())
                    .tag(SITE, site).tag("status", st).description("Workers of the current generation by status (uWSGI stats)")
                    .register(registry));
        }
        gauge(SITE_LISTEN_QUEUE, "Connections waiting in the site's listen queue (uWSGI stats)", null, m -> m.stats.listenQueue());
        meters.add(FunctionCounter.builder(SITE_LISTEN_QUEUE_ERRORS, this, m -> m.stats.listenQueueErrors()).tag(SITE, site)
                .description("Times uWSGI found the listen queue full (uWSGI stats)").register(registry));
        gauge(SITE_AVG_RESPONSE_TIME, "Average response time of the current generation's workers, weighted by their requests (uWSGI stats)",
                "seconds", m -> m.stats.avgResponseSeconds());
    }

    /** From the current generation's cgroup (sites with limits); the OOM count adds those of ended generations. */
    private void cgroup() {
        gauge(SITE_CGROUP_MEMORY, "Memory charged to the current generation's cgroup; -1 without one", "bytes",
                m -> m.usage.cgroup() == null ? -1 : m.usage.cgroup().memoryBytes());
        gauge(SITE_CGROUP_MEMORY_MAX, "The site's memory-max as its cgroup enforces it; -1 without one or without a limit", "bytes",
                m -> m.usage.cgroup() == null ? -1 : m.usage.cgroup().memoryMax());
        meters.add(FunctionCounter.builder(SITE_CGROUP_OOM_KILLS, this, m -> m.oomGone + m.oomLast).tag(SITE, site)
                .description("Processes the kernel's OOM killer killed inside the site's cgroups (memory-max reached)").register(registry));
    }

    private void gauge(String name, String help, String unit, ToDoubleFunction<SiteMeters> f) {
        meters.add(Gauge.builder(name, this, f).tag(SITE, site).description(help).baseUnit(unit).register(registry));
    }

    private void counter(String name, String tag, ToDoubleFunction<SiteMeters> f) {
        String key = name.equals(SITE_RESTARTS) ? "reason" : "result";
        String help = name.equals(SITE_RESTARTS) ? "Generations spawned, or reloaded in place, to replace the one before, by why"
                : "Reloads that ended, by how: ok (took over), rolled_back (failed; the old generation kept serving), failed (given up)";
        meters.add(FunctionCounter.builder(name, this, f).tag(SITE, site).tag(key, tag).description(help).register(registry));
    }

    private Timer timer(String name, String help) {
        Timer t = Timer.builder(name).tag(SITE, site).description(help).serviceLevelObjectives(BUCKETS).register(registry);
        meters.add(t);
        return t;
    }

    private double up() {
        SiteStatus s = status;
        return (s.state() == SiteState.RUNNING || s.state() == SiteState.RELOADING) && s.upNanos() >= 0 ? 1 : 0;
    }

    private double backoff() {
        SiteStatus s = status;
        return s.state() == SiteState.BACKOFF && s.retryInNanos() >= 0 ? (s.inStateNanos() + s.retryInNanos()) / 1e9 : 0;
    }

    /** Stores what the next scrape shows; scrape thread only. Stats that could not be read keep their last values. */
    void update(SiteStatus s, SiteUsage u) {
        status = s;
        usage = u == null ? SiteUsage.NONE : u;
        if (usage.stats() != null) {
            stats = usage.stats();
        }
        if (usage.cpuSeconds() < cpuLast) {
            cpuGone += cpuLast - usage.cpuSeconds();
        }
        cpuLast = usage.cpuSeconds();
        if (s.generation() != oomGeneration) {
            oomGone += oomLast;
            oomLast = 0;
            oomGeneration = s.generation();
        }
        if (usage.cgroup() != null && usage.cgroup().oomKills() > oomLast) {
            oomLast = usage.cgroup().oomKills();
        }
    }

    void recordAccept(long nanos) {
        spawnToAccept.record(nanos, TimeUnit.NANOSECONDS);
    }

    void recordReload(long nanos) {
        reloadDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    void remove() {
        meters.forEach(registry::remove);
    }
}
