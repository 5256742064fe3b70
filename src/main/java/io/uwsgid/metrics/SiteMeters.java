package io.uwsgid.metrics;

import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import io.uwsgid.status.SiteUsage;

/**
 * What one site's series show: the status and usage the scrape thread last stored here, and its
 * start and reload times. Counters of the supervisor's own are exact, those from uWSGI's stats
 * start again from zero with each generation (Prometheus' rate() takes that as a reset). Written
 * out by {@link SiteFamilies}; scrape thread only.
 */
final class SiteMeters {
    private final byte[] label;
    final Histogram spawnToAccept = new Histogram(), reloadDuration = new Histogram();
    SiteStatus status;
    SiteUsage usage = SiteUsage.NONE;
    SiteUsage.Stats stats = new SiteUsage.Stats(0, 0, 0, 0, 0, 0, 0, 0);
    /** CPU of processes that have gone since, so the counter never falls when a generation exits. */
    private double cpuGone, cpuLast;

    SiteMeters(SiteStatus first) {
        this.label = PromText.utf8(MetricNames.SITE + "=\"" + PromText.escape(first.name()) + "\"");
        this.status = first;
    }

    /** {@code site="NAME"}, escaped, for every line of this site. */
    byte[] label() {
        return label;
    }

    double up() {
        SiteStatus s = status;
        return (s.state() == SiteState.RUNNING || s.state() == SiteState.RELOADING) && s.upNanos() >= 0 ? 1 : 0;
    }

    double backoff() {
        SiteStatus s = status;
        return s.state() == SiteState.BACKOFF && s.retryInNanos() >= 0 ? (s.inStateNanos() + s.retryInNanos()) / 1e9 : 0;
    }

    double cpuSeconds() {
        return cpuGone + cpuLast;
    }

    /** Stores what the next scrape shows. Stats that could not be read keep their last values. */
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
    }

    void recordAccept(long nanos) {
        spawnToAccept.record(nanos);
    }

    void recordReload(long nanos) {
        reloadDuration.record(nanos);
    }
}
