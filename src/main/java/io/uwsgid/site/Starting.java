package io.uwsgid.site;

import static io.uwsgid.status.SiteState.*;

import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.OsException;
import io.uwsgid.os.Signals;
import io.uwsgid.site.Lifecycle.Occurrence;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link Site}'s actions for bringing up its current generation: the spawn (or, for an on-demand
 * site, binding its sockets and waiting), what its first accept or its early death means, the
 * backoff before the next try, and FATAL when trying again cannot help.
 */
final class Starting {
    private final Site site;

    Starting(Site site) {
        this.site = site;
    }

    void spawnCurrent(String why) {
        site.operatorStopped = false;
        if (site.config == null) {
            site.change(FATAL, noValidFile());
            return;
        }
        List<String> refused = site.spawnCheck.refusals(site.config, site.daemon);
        if (!refused.isEmpty()) {
            fatal(String.join(" | ", refused));
            return;
        }
        Generation g;
        try {
            Resources res = site.holdings.forStart(site.config, site.gens);
            try {
                g = site.children.spawn(site.launcher, site.config, res);
            } catch (OsException e) {
                site.lastError = e.getMessage();
                scheduleRetry("spawn failed: " + e.getMessage(), false);
                return;
            }
        } catch (OsException e) {
            fatal(e.getMessage()); // its sockets or its log could not be had
            return;
        }
        site.gens.current = g;
        try {
            site.children.writePidFiles(g, site.config.pidFiles());
        } catch (OsException e) {
            site.children.kill(g);
            fatal("cannot write its pid file: " + e.getMessage());
            return;
        }
        site.change(STARTING, why + "; spawned " + g);
    }

    void spawnAfresh(String why) {
        site.backoff.reset();
        spawnCurrent(why);
    }

    void retry(String why) {
        site.counters.restarted(SiteCounters.Restart.CRASH);
        spawnCurrent(why);
    }

    void respawn(String why) {
        site.children.retire(site.gens.current, "restarted before it accepted");
        site.gens.current = null;
        site.counters.restarted(SiteCounters.Restart.RELOAD);
        spawnCurrent(why);
    }

    /** An on-demand site: checked like a spawn, its sockets bound and watched, nothing spawned. */
    void park(String why) {
        List<String> refused = site.config == null ? List.of(noValidFile()) : site.spawnCheck.refusals(site.config, site.daemon);
        if (!refused.isEmpty()) {
            fatal(String.join(" | ", refused));
            return;
        }
        try {
            site.onDemand.park(site.config, site.gens);
        } catch (OsException e) {
            fatal(e.getMessage());
            return;
        }
        site.change(IDLE, why + "; " + site.onDemand.describe());
    }

    void repark(String why) {
        if (site.config.own().onDemand()) {
            park(why);
        } else {
            spawnCurrent(why + "; no longer on demand");
        }
    }

    void started(Generation g) {
        long now = site.kernel.nanoTime();
        g.acceptingAt = now;
        site.counters.started(now - g.spawnedAt);
        site.change(RUNNING, g + " accepting after " + Site.millis(now - g.spawnedAt) + " ms");
    }

    void startFailed(Occurrence o) {
        Generation g = o.generation();
        ExitStatus status = o.exit();
        String lines = Children.lastLines(o.tail());
        site.lastError = (g.killed ? late(g) : g + " " + status + " before accepting requests") + lines;
        if (status.code() == 1) {
            fatal("uWSGI refused the configuration (" + status + ")" + lines + "; fix the site file, it is retried when it changes");
        } else if (status.code() == 126 || status.code() == 127) {
            fatal("the privilege drop could not run uWSGI (" + status + ")" + lines + "; fix the path (in the jail, for a chroot site)");
        } else {
            scheduleRetry(site.lastError, false);
        }
    }

    /** A generation not accepting requests within start-timeout (the current one while STARTING, or a reload's) is killed. */
    void killIfLate(long now) {
        Generation g = site.state() == STARTING ? site.gens.current : site.gens.next;
        if (g != null && !g.killed && now - g.spawnedAt > site.config.startTimeout().toNanos()) {
            site.lastError = late(g);
            site.children.kill(g);
        }
    }

    private String late(Generation g) {
        return g + " was not accepting requests after " + site.config.startTimeout().toSeconds() + " s; killed";
    }

    /**
     * A generation whose processes do not run as configured is killed at once, before it
     * counts as running: a reload rolls back to the generation that passed this check, a start
     * makes the site FATAL.
     */
    void refuse(Generation g, String breach) {
        String why = "security: " + g + ": " + breach + "; killed. The privilege drop did not do what the site file says: "
                + "check setpriv (" + site.daemon.setpriv() + ") and the uid/gid of " + site.config.file();
        Site.LOG.error("{} - {}", site.name, why);
        site.counters.refused();
        site.kernel.killGroup(g.pid, Signals.KILL);
        g.killed = true;
        site.gens.retiring.add(g);
        if (g == site.gens.next) {
            site.gens.next = null;
            site.reloading.failed(why, site.sinceSpawn(g));
        } else if (g == site.gens.current) {
            site.gens.current = null;
            fatal(why);
        }
    }

    void scheduleRetry(String why, boolean accepted) {
        long delay = accepted ? site.backoff.fail() : site.backoff.failBeforeAccepting();
        if (delay == 0) {
            retry(why + "; respawning at once");
            return;
        }
        site.children.removePidFiles();
        site.retryAt = site.kernel.nanoTime() + delay;
        site.change(BACKOFF, why + "; failure " + site.backoff.failures() + " in a row, retrying in "
                + TimeUnit.NANOSECONDS.toSeconds(delay) + " s");
    }

    private void fatal(String why) {
        if (site.gens.current == null) {
            site.children.removePidFiles();
        }
        site.lastError = why;
        site.change(FATAL, why);
        site.release(site.holdings.active());
    }

    private String noValidFile() {
        return site.lastError == null ? "no valid site file" : site.lastError;
    }
}
