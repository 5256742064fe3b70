package io.uwsgid.site;

import static io.uwsgid.status.SiteState.RELOADING;
import static io.uwsgid.status.SiteState.RUNNING;

import io.uwsgid.os.OsException;
import io.uwsgid.site.Lifecycle.Occurrence;
import java.util.List;

/**
 * {@link Site}'s actions for a reload: the next generation is spawned beside the serving one and
 * takes over once it accepts; if it fails first, the serving one serves on (a rollback).
 */
final class Reloading {
    private final Site site;

    Reloading(Site site) {
        this.site = site;
    }

    void spawnNext(String why) {
        site.counters.restarted(SiteCounters.Restart.RELOAD);
        List<String> refused = site.spawnCheck.refusals(site.config, site.daemon);
        if (!refused.isEmpty()) {
            failed(String.join(" | ", refused), 0);
            return;
        }
        Resources res = null;
        try {
            res = site.holdings.forReload(site.config);
            site.gens.next = site.children.spawn(site.launcher, site.config, res);
        } catch (OsException e) {
            site.release(res);
            failed(e.getMessage(), 0);
            return;
        }
        String spawned = why + "; spawned " + site.gens.next + (res == site.holdings.active() ? "" : " on new sockets");
        if (site.state() == RELOADING) {
            Site.LOG.info("{} - still RELOADING ({})", site.name, spawned); // a newer reload replaced the one under way
        } else {
            site.change(RELOADING, spawned);
        }
    }

    void replaceNext(String why) {
        abandonNext("superseded by a newer reload");
        spawnNext(why);
    }

    void reloadedInPlace(Generation g) {
        site.counters.restarted(SiteCounters.Restart.RELOAD);
        Site.LOG.info("{} - {} reloaded itself in place and accepts again", site.name, g);
    }

    /** The next generation accepts: it takes over and the current one retires (see {@link Children#takeOver}). */
    void promote(Generation fresh) {
        Generation old = site.gens.current;
        try {
            site.children.takeOver(fresh, site.config.pidFiles(), site.daemon.socketMoveGrace());
        } catch (OsException e) {
            site.gens.next = null;
            site.children.retire(fresh, "its sockets could not be moved into place");
            failed("cannot move its socket into place: " + e.getMessage(), site.sinceSpawn(fresh));
            return;
        }
        site.holdings.promote(fresh.resources);
        if (old != null && old.hung) {
            Site.LOG.warn("{} - killing {}, which stopped answering, now that {} accepts", site.name, old, fresh);
            site.children.kill(old);
        }
        String accepted = fresh + " accepting after " + Site.millis(site.sinceSpawn(fresh)) + " ms";
        site.counters.reloaded(SiteCounters.ReloadResult.OK, accepted, site.sinceSpawn(fresh));
        site.change(RUNNING, accepted + "; retiring " + old);
    }

    void rollBack(Occurrence o) {
        failed(o.why() + " before accepting requests" + Children.lastLines(o.tail()), site.sinceSpawn(o.generation()));
    }

    /** The next generation failed (or could not be spawned) while the current one serves on: a rollback. */
    void failed(String why, long nanos) {
        site.lastError = "reload failed: " + why;
        site.counters.reloaded(SiteCounters.ReloadResult.ROLLED_BACK, site.lastError, nanos);
        Site.LOG.error("{} - {}; {} keeps serving", site.name, site.lastError, site.gens.current);
        if (site.state() == RELOADING) {
            site.change(RUNNING, "reload failed, kept " + site.gens.current);
        }
    }

    void abandonNext(String why) {
        Generation g = site.gens.next;
        if (g != null) {
            site.gens.next = null;
            site.children.retire(g, why);
            site.counters.reloaded(SiteCounters.ReloadResult.FAILED, "reload abandoned: " + why, site.sinceSpawn(g));
        }
    }
}
