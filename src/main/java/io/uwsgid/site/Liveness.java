package io.uwsgid.site;

import io.uwsgid.status.SiteUsage;
import io.uwsgid.status.StatsReading;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a site's serving generation still serves. A generation whose workers send uWSGI's
 * heartbeat is read only once none has for its health-timeout and a period (the health watch
 * sees to that): it is hung unless its stats show a worker free and nothing queued. A
 * generation read every round (no heartbeat) is judged from its stats alone: no answer means
 * its master is stopped or stuck; a request count that does not move while every worker is busy,
 * or connections wait in the listen queue, means the workers are. Either for the site's {@code
 * health-timeout} makes it hung, each counted from the first reading that saw it. A hang is never
 * declared sooner than health-timeout after it began.
 */
final class Liveness {
    private int generation;
    private long lastRequests;
    /** When a reading first found the stats server silent; 0 while it answers. */
    private long silentSince;
    /** When a reading first showed the workers stuck (every one busy, or connections queued, and no request finished); 0 when not. */
    private long stuckSince;

    /** Forgets what it saw: the next reading starts afresh (a reload is under way, the site is not running). */
    void reset() {
        generation = 0;
    }

    /** @return why the reading's generation is hung, once it is */
    Optional<String> observe(StatsReading reading, long now, Duration timeout) {
        SiteUsage.Stats stats = reading.stats();
        if (!reading.isPolled()) {
            generation = 0;
            if (stats != null && !allBusy(stats) && stats.listenQueue() == 0) {
                return Optional.empty(); // a worker is free: whatever became of its heartbeats, it serves
            }
            String silent = "none of its workers has come back for a request for " + Site.millis(reading.silentNanos()) + " ms (no heartbeat)";
            return Optional.of(silent + (stats == null ? ", and its master has not answered on its stats socket (stopped, or stuck)"
                    : "; " + busy(stats)));
        }
        int gen = reading.generation();
        if (gen != generation) {
            generation = gen;
            silentSince = stats == null ? now : 0;
            stuckSince = 0;
            lastRequests = stats == null ? -1 : stats.requests();
            return Optional.empty();
        }
        if (stats == null) {
            // Counted from the first reading that found it silent, as stuck workers are: never less than health-timeout.
            silentSince = silentSince == 0 ? now : silentSince;
            long silent = now - silentSince;
            return silent < timeout.toNanos() ? Optional.empty() : Optional.of("its master has not answered on its stats socket for "
                    + Site.millis(silent) + " ms (stopped, or stuck)");
        }
        silentSince = 0;
        boolean progressed = stats.requests() != lastRequests;
        lastRequests = stats.requests();
        if (progressed || !(allBusy(stats) || stats.listenQueue() > 0)) {
            stuckSince = 0;
            return Optional.empty();
        }
        // Counted from the first reading that saw it, not from the last good one: a slow request
        // that began just after a reading must not count the time before it.
        stuckSince = stuckSince == 0 ? now : stuckSince;
        long stuck = now - stuckSince;
        return stuck < timeout.toNanos() ? Optional.empty() : Optional.of("no request finished for " + Site.millis(stuck) + " ms while "
                + busy(stats) + " (requests stay at " + stats.requests() + ")");
    }

    private static boolean allBusy(SiteUsage.Stats stats) {
        return stats.workers() > 0 && stats.busyWorkers() >= stats.workers();
    }

    private static String busy(SiteUsage.Stats stats) {
        return stats.busyWorkers() + " of " + stats.workers() + " workers are busy and " + stats.listenQueue()
                + " connection(s) wait in its listen queue";
    }
}
