package io.uwsgid.metrics;

import static io.uwsgid.metrics.MetricNames.*;

import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Every per-site family, in the order Micrometer's registry wrote them (by name), each site's
 * labels sorted by name. Written straight to the scrape's output for all sites at once.
 */
final class SiteFamilies {
    private static final List<String> STATES = Arrays.stream(SiteState.values()).map(Enum::name).sorted().toList();
    private static final String STARTS = "From spawning a generation (start or reload) to its accepting requests";
    private static final String RELOADS = "From spawning a reload's generation to the reload's outcome";

    static final List<Family> ALL = List.of(
            Family.gauge(SITE_AVG_RESPONSE_TIME,
                    "Average response time of the current generation's workers, weighted by their requests (uWSGI stats)",
                    s -> s.stats.avgResponseSeconds()),
            Family.gauge(SITE_BACKOFF_DELAY, "The wait before the next retry while the site is in BACKOFF; 0 otherwise", SiteMeters::backoff),
            Family.counter(SITE_CPU, "CPU time (user and system) of the site's processes and the children they reaped", SiteMeters::cpuSeconds),
            Family.counter(SITE_EXCEPTIONS, "Exceptions raised in the current generation's workers (uWSGI stats)", s -> s.stats.exceptions()),
            Family.gauge(SITE_GENERATION, "Number of the site's current (or last) uWSGI generation", s -> s.status.generation()),
            Family.gauge(SITE_LAST_EXIT_CODE, "Exit code of the last generation that ended unasked; -1 if none did or a signal killed it",
                    s -> exitCode(s.status)),
            Family.gauge(SITE_LAST_EXIT_SIGNAL, "Signal that killed the last generation that ended unasked; 0 if none",
                    s -> s.status.lastExit() == null ? 0 : s.status.lastExit().signal()),
            Family.gauge(SITE_LISTEN_QUEUE, "Connections waiting in the site's listen queue (uWSGI stats)", s -> s.stats.listenQueue()),
            Family.counter(SITE_LISTEN_QUEUE_ERRORS, "Times uWSGI found the listen queue full (uWSGI stats)", s -> s.stats.listenQueueErrors()),
            Family.gauge(SITE_PROCESSES, "Live processes of the site (uWSGI masters and workers of every live generation)",
                    s -> s.usage.processes()),
            Family.histogram(SITE_RELOAD_DURATION, RELOADS, s -> s.reloadDuration),
            Family.histogramMax(SITE_RELOAD_DURATION, RELOADS, s -> s.reloadDuration),
            Family.tagged(SITE_RELOADS, "counter",
                    "Reloads that ended, by how: ok (took over), rolled_back (failed; the old generation kept serving), failed (given up)",
                    "result", List.of("failed", "ok", "rolled_back"), SiteFamilies::reloads),
            Family.counter(SITE_REQUESTS, "Requests the current generation's workers handled (uWSGI stats)", s -> s.stats.requests()),
            Family.gauge(SITE_RESIDENT_MEMORY, "Resident memory summed over the site's processes", s -> s.usage.residentBytes()),
            Family.tagged(SITE_RESTARTS, "counter", "Generations spawned, or reloaded in place, to replace the one before, by why",
                    "reason", List.of("crash", "operator", "reload"), SiteFamilies::restarts),
            Family.histogram(SITE_SPAWN_TO_ACCEPT, STARTS, s -> s.spawnToAccept),
            Family.histogramMax(SITE_SPAWN_TO_ACCEPT, STARTS, s -> s.spawnToAccept),
            Family.gauge(SITE_START_TIME, "When the current uWSGI master started, in seconds since the epoch; 0 without one",
                    s -> s.usage.startTimeSeconds()),
            Family.tagged(SITE_STATE, "gauge", "1 for the state the site is in, 0 for the others", "state", STATES,
                    (s, state) -> s.status.state().name().equals(state) ? 1 : 0),
            Family.gauge(SITE_STATS_UP, "1 when the last scrape read the current generation's uWSGI stats server",
                    s -> s.usage.stats() == null ? 0 : 1),
            Family.gauge(SITE_UP, "1 when the site's current generation accepts requests", SiteMeters::up),
            Family.tagged(SITE_WORKERS, "gauge", "Workers of the current generation by status (uWSGI stats)", "status",
                    List.of("busy", "idle"), (s, st) -> st.equals("busy") ? s.stats.busyWorkers() : s.stats.idleWorkers()));

    private SiteFamilies() {}

    /** Every family, with a line (or a histogram's lines) for each site; nothing at all without sites. */
    static void write(PromText out, Iterable<SiteMeters> sites) throws IOException {
        if (!sites.iterator().hasNext()) {
            return;
        }
        for (Family f : ALL) {
            f.write(out, sites);
        }
    }

    private static double exitCode(SiteStatus s) {
        return s.lastExit() == null || s.lastExit().signal() != 0 ? -1 : s.lastExit().code();
    }

    private static double restarts(SiteMeters s, String reason) {
        SiteStatus.Counters c = s.status.counters();
        return switch (reason) {
            case "crash" -> c.restartsCrash();
            case "operator" -> c.restartsOperator();
            default -> c.restartsReload();
        };
    }

    private static double reloads(SiteMeters s, String result) {
        SiteStatus.Counters c = s.status.counters();
        return switch (result) {
            case "ok" -> c.reloadsOk();
            case "rolled_back" -> c.reloadsRolledBack();
            default -> c.reloadsFailed() - c.reloadsRolledBack();
        };
    }
}
