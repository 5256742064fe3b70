package io.uwsgid.status;

import io.uwsgid.os.ExitStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * A site as the operator sees it, taken on the loop thread. Durations are nanoseconds; -1 means
 * not applicable (no accepting generation, not in BACKOFF). {@code pids}: the uWSGI master of every
 * live generation (current, next, retiring); {@code usage} is null until filled in off the loop.
 */
public record SiteStatus(
        String name,
        SiteState state,
        int pid,
        int generation,
        long upNanos,
        long inStateNanos,
        long retryInNanos,
        ExitStatus lastExit,
        String lastError,
        Counters counters,
        List<String> sockets,
        Path file,
        List<Integer> pids,
        SiteUsage usage,
        Watch watch) {

    /**
     * How the health watch judges the serving generation: its health-timeout (0: not at all), the
     * seconds between its workers' heartbeats, and whether it is an on-demand site (whose request
     * count is read every round for its idle return).
     */
    public record Watch(long healthTimeoutMillis, int heartbeatSeconds, boolean onDemand) {
        public static final Watch NONE = new Watch(0, 0, false);
    }

    /**
     * Counts since the site was first read. {@code reloadSeq} grows by one per finished reload, ok
     * or not; {@code reloadsFailed} counts every reload that did not take over, {@code
     * reloadsRolledBack} those of them whose new generation failed while the old one kept serving.
     * {@code restarts*}: generations spawned (or reloaded in place) to replace the one before, by
     * why. {@code accepts} and {@code acceptNanosTotal}: generations that reached accepting, and the
     * sum of their spawn-to-accepting times; {@code reloadNanosTotal}: the sum of reload durations;
     * {@code securityRefusals}: generations killed because their processes did not run with the configured ids;
     * {@code hangs}: serving generations replaced because they stopped answering (health-timeout).
     */
    public record Counters(long crashes, long reloadsOk, long reloadsFailed, long reloadSeq, String lastReload,
                           long lastStartNanos, long lastReloadNanos, long reloadsRolledBack, long restartsCrash,
                           long restartsOperator, long restartsReload, long accepts, long acceptNanosTotal, long reloadNanosTotal,
                           long securityRefusals, long hangs) {
        /** Without hangs counted. */
        public Counters(long crashes, long reloadsOk, long reloadsFailed, long reloadSeq, String lastReload, long lastStartNanos,
                        long lastReloadNanos, long reloadsRolledBack, long restartsCrash, long restartsOperator, long restartsReload,
                        long accepts, long acceptNanosTotal, long reloadNanosTotal, long securityRefusals) {
            this(crashes, reloadsOk, reloadsFailed, reloadSeq, lastReload, lastStartNanos, lastReloadNanos, reloadsRolledBack, restartsCrash,
                    restartsOperator, restartsReload, accepts, acceptNanosTotal, reloadNanosTotal, securityRefusals, 0);
        }

        /** The counts status has always shown; the rest zero. */
        public Counters(long crashes, long reloadsOk, long reloadsFailed, long reloadSeq, String lastReload, long lastStartNanos,
                        long lastReloadNanos) {
            this(crashes, reloadsOk, reloadsFailed, reloadSeq, lastReload, lastStartNanos, lastReloadNanos, 0, 0, 0, 0, 0, 0, 0, 0);
        }
    }

    /** A status with no live generation's pids and no usage read. */
    public SiteStatus(String name, SiteState state, int pid, int generation, long upNanos, long inStateNanos, long retryInNanos,
                      ExitStatus lastExit, String lastError, Counters counters, List<String> sockets, Path file) {
        this(name, state, pid, generation, upNanos, inStateNanos, retryInNanos, lastExit, lastError, counters, sockets, file, List.of(), null,
                Watch.NONE);
    }

    /** The same status with what /proc and the site's uWSGI stats say; taken off the loop thread. */
    public SiteStatus withUsage(SiteUsage u) {
        return new SiteStatus(name, state, pid, generation, upNanos, inStateNanos, retryInNanos, lastExit, lastError, counters, sockets,
                file, pids, u, watch);
    }
}
