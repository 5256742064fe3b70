package io.uwsgid.site;

import static io.uwsgid.status.SiteState.STOPPED;
import static io.uwsgid.status.SiteState.STOPPING;

import io.uwsgid.site.Lifecycle.Occurrence;

/**
 * {@link Site}'s actions for stopping: every generation asked to stop, STOPPED once none is alive
 * (or IDLE, after an on-demand site's idle stop), a restart's start after that; and the end of
 * the serving generation, which the operator stopped or which crashed.
 */
final class Stopping {
    private final Site site;
    private boolean startWhenStopped;

    Stopping(Site site) {
        this.site = site;
    }

    void stopAll(String why) {
        site.reloading.abandonNext("the site is stopping");
        site.gens.all().forEach(site.children::askStop);
        if (site.alive()) {
            site.change(STOPPING, why);
        } else {
            stopped(why);
        }
    }

    void stopThenStart(String why) {
        startWhenStopped = true;
        stopAll(why);
    }

    void startWhenStopped() {
        startWhenStopped = true;
    }

    void stopToIdle(String why) {
        site.onDemand.parkWhenStopped();
        stopAll(why);
    }

    /** A plain stop: neither a restart's start nor an idle stop's parking follows the stop under way. */
    void cancelStartAfter() {
        startWhenStopped = false;
        site.onDemand.cancelPark();
    }

    void stopped(String why) {
        site.children.removePidFiles();
        if (!site.alive() && site.onDemand.parkingAfterStop()) {
            startWhenStopped = false; // starting an on-demand site is parking it
            site.backoff.reset();
            site.starting.park(why + "; stopped after " + site.config.own().idle().toSeconds() + " s without a request");
            return;
        }
        if (!site.alive()) {
            site.holdings.releaseActive(site.config != null && site.config.vacuum());
        }
        site.backoff.reset();
        site.change(STOPPED, why);
        if (startWhenStopped) {
            startWhenStopped = false;
            site.counters.restarted(SiteCounters.Restart.OPERATOR);
            site.start("starting again after the stop");
        }
    }

    /** The serving generation exited: cleanly and unasked means the operator stopped it (SIGINT to its pid), else it crashed. */
    void ended(Occurrence o) {
        Generation g = o.generation();
        if (o.exit().clean() && g.stopAskedAt == 0) {
            site.reloading.abandonNext("its site was stopped by the operator");
            site.operatorStopped = true;
            stopped(g + " exited cleanly without being asked (SIGINT to its pid, uwsgi --stop): stopped by the operator");
        } else {
            site.counters.crashed();
            site.lastError = g + " " + o.exit() + Children.lastLines(o.tail());
            site.reloading.abandonNext("the current generation crashed");
            site.starting.scheduleRetry(g + " crashed (" + o.exit() + ")", true);
        }
    }
}
