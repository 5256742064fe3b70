package io.uwsgid.site;

import io.uwsgid.status.SiteStatus;

/** What happened to a site over its life, for status and metrics. */
final class SiteCounters {
    /** Why a new generation (or an in-place reload) replaced the one before. */
    enum Restart { CRASH, OPERATOR, RELOAD }

    /** How a reload ended: its generation took over, failed while the old one served on, or was given up. */
    enum ReloadResult { OK, ROLLED_BACK, FAILED }

    private long crashes, reloadsOk, reloadsFailed, reloadsRolledBack, reloadSeq, lastStartNanos, lastReloadNanos;
    private long restartsCrash, restartsOperator, restartsReload, accepts, acceptNanosTotal, reloadNanosTotal;
    private String lastReload;
    private long securityRefusals, hangs;
    /** A generation was killed because its processes did not run with the ids the site file names. */
    void refused() {
        securityRefusals++;
    }

    /** The serving generation stopped answering and is being replaced. */
    void hung() {
        hangs++;
    }

    void crashed() {
        crashes++;
    }

    void restarted(Restart why) {
        switch (why) {
            case CRASH -> restartsCrash++;
            case OPERATOR -> restartsOperator++;
            case RELOAD -> restartsReload++;
        }
    }

    void started(long spawnToAcceptNanos) {
        lastStartNanos = spawnToAcceptNanos;
        accepted(spawnToAcceptNanos);
    }

    /** {@code nanos}: from the reload's spawn to its outcome (0 when nothing was spawned). */
    void reloaded(ReloadResult result, String outcome, long nanos) {
        reloadSeq++;
        reloadNanosTotal += nanos;
        switch (result) {
            case OK -> {
                reloadsOk++;
                lastReloadNanos = nanos;
                accepted(nanos);
            }
            case ROLLED_BACK -> {
                reloadsFailed++;
                reloadsRolledBack++;
            }
            case FAILED -> reloadsFailed++;
        }
        lastReload = (result == ReloadResult.OK ? "ok: " : "failed: ") + outcome;
    }

    private void accepted(long spawnToAcceptNanos) {
        accepts++;
        acceptNanosTotal += spawnToAcceptNanos;
    }

    SiteStatus.Counters snapshot() {
        return new SiteStatus.Counters(crashes, reloadsOk, reloadsFailed, reloadSeq, lastReload, lastStartNanos, lastReloadNanos,
                reloadsRolledBack, restartsCrash, restartsOperator, restartsReload, accepts, acceptNanosTotal, reloadNanosTotal,
                securityRefusals, hangs);
    }
}
