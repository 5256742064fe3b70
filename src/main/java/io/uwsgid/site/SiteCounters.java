package io.uwsgid.site;

/** What happened to a site over its life, for status and metrics. */
final class SiteCounters {
    private long crashes, reloadsOk, reloadsFailed, reloadSeq, lastStartNanos, lastReloadNanos;
    private String lastReload;

    void crashed() {
        crashes++;
    }

    void started(long spawnToAcceptNanos) {
        lastStartNanos = spawnToAcceptNanos;
    }

    void reloaded(boolean ok, String outcome, long spawnToAcceptNanos) {
        reloadSeq++;
        if (ok) {
            reloadsOk++;
            lastReloadNanos = spawnToAcceptNanos;
        } else {
            reloadsFailed++;
        }
        lastReload = (ok ? "ok: " : "failed: ") + outcome;
    }

    SiteStatus.Counters snapshot() {
        return new SiteStatus.Counters(crashes, reloadsOk, reloadsFailed, reloadSeq, lastReload, lastStartNanos, lastReloadNanos);
    }
}
