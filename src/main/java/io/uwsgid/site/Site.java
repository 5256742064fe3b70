package io.uwsgid.site;

import static io.uwsgid.status.SiteState.*;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.OsException;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site's state machine. The loop thread alone calls it: with operator requests, emperor
 * bytes, child exits and ticks. It never throws: failures land in {@link #lastError()} and the state.
 */
public final class Site {
    private static final Logger LOG = LoggerFactory.getLogger(Site.class);
    static final int EMPEROR_STOP = 2, EMPEROR_ACCEPTING = 5;

    private final String name;
    private final Kernel kernel;
    private DaemonConfig daemon;
    private Launcher launcher;
    private final Backoff backoff;
    private final Generations gens = new Generations();
    private final Children children;
    private final SiteCounters counters = new SiteCounters();
    private SiteConfig config;
    private SiteState state = STOPPED;
    /** The sockets and log new generations get; older generations may still hold others. */
    private Resources active;
    private long retryAt, stateSince;
    private String lastError;
    private ExitStatus lastExit;
    private boolean startWhenStopped;
    /** Stopped by uwsgictl stop or a SIGINT to its pid: it stays stopped, across daemon restarts too, until started. */
    private boolean operatorStopped;

    public Site(String name, SiteConfig config, Kernel kernel, DaemonConfig daemon) {
        this.name = name;
        this.config = config;
        this.kernel = kernel;
        this.daemon = daemon;
        this.launcher = new Launcher(daemon, kernel);
        this.backoff = new Backoff(daemon.backoffCap());
        this.children = new Children(name, kernel, gens, daemon.settleTime());
        this.stateSince = kernel.nanoTime();
    }

    /** New daemon settings after a HUP: they apply from the next spawn, stop or retry on. */
    public void setDaemon(DaemonConfig fresh) {
        daemon = fresh;
        launcher = new Launcher(fresh, kernel);
        backoff.setCap(fresh.backoffCap());
        children.setSettleTime(fresh.settleTime());
    }

    // ---- operator requests ----

    public void start(String why) {
        operatorStopped = false;
        switch (state) {
            case STOPPED, FATAL -> spawnCurrent(why);
            case BACKOFF -> {
                backoff.reset();
                spawnCurrent(why);
            }
            case STOPPING -> startWhenStopped = true;
            default -> { }
        }
    }

    public void stop(String why) {
        startWhenStopped = false;
        if (state == STOPPED || state == STOPPING) {
            return;
        }
        abandonNext("the site is stopping");
        gens.all().forEach(children::askStop);
        if (alive()) {
            transition(STOPPING, why);
        } else {
            stopped(why);
        }
    }

    /** The operator's stop: the site stays stopped until an operator starts it, whatever else happens. */
    public void stopByOperator(String why) {
        stop(why);
        operatorStopped = true;
    }

    /** A site the operator had stopped before the daemon restarted: it is not started. */
    public void keepStopped(String why) {
        operatorStopped = true;
        LOG.info("{} - stays STOPPED ({})", name, why);
    }

    public boolean operatorStopped() {
        return operatorStopped;
    }

    /** Stop, then start again: what systemd users expect of restart. */
    public void restart(String why) {
        operatorStopped = false;
        if (SiteState.ALIVE.contains(state)) {
            stop(why);
            startWhenStopped = true;
        } else {
            start(why);
        }
    }

    /** A new generation on the same sockets; the current one serves until the new one accepts. */
    public void reload(String why) {
        switch (state) {
            case RUNNING -> spawnNext(why);
            case RELOADING -> {
                abandonNext("superseded by a newer reload");
                spawnNext(why);
            }
            case STARTING -> {
                retire(gens.current, "restarted before it accepted");
                gens.current = null;
                counters.restarted(SiteCounters.Restart.RELOAD);
                spawnCurrent(why);
            }
            case BACKOFF, FATAL -> start(why);
            default -> { }
        }
    }

    /** A re-read of the site's file: a running site reloads onto it (moving sockets without downtime if they changed). */
    public void replaceConfig(SiteConfig fresh, String why) {
        setConfig(fresh);
        apply(why);
    }

    /** Takes a new version of the site's file, to be applied by {@link #apply} (now, or when a reload slot frees). */
    public void setConfig(SiteConfig fresh) {
        config = fresh;
        lastError = null;
    }

    /** Brings the site onto its current config: a FATAL or backing-off site starts, a live one reloads, a stopped one stays. */
    public void apply(String why) {
        if (state == FATAL || state == BACKOFF) {
            start(why);
        } else {
            reload(why);
        }
    }

    /** The file became invalid or unreadable: a running site keeps running as it is; others become FATAL. */
    public void invalidConfig(String error) {
        lastError = error;
        if (config == null || !SiteState.ALIVE.contains(state)) {
            if (state != FATAL) {
                transition(FATAL, error);
            }
        } else {
            LOG.error("{} - its file is invalid now; the running generation keeps serving: {}", name, error);
        }
    }

    /**
     * Binds the socket again if its file was removed or replaced under a running site: a new
     * generation on a new socket at the same path; the old one retires (nothing can reach it).
     */
    public void checkSockets() {
        if (state != RUNNING || active == null) {
            return;
        }
        List<String> gone = active.lostSockets();
        if (!gone.isEmpty()) {
            LOG.warn("{} - its socket {} was removed or replaced; binding it again", name, gone);
            reload("its socket file was lost");
        }
    }

    public void reopenLog() {
        try {
            if (active != null && active.reopenLog()) {
                LOG.info("{} - reopened its log file", name);
            }
        } catch (OsException e) {
            lastError = e.getMessage();
            LOG.error("{} - cannot reopen its log: {}", name, e.getMessage());
        }
    }

    // ---- what the children say ----

    public void onEmperor(int pid, int message) {
        Generation g = gens.find(pid);
        if (g == null || message != EMPEROR_ACCEPTING) {
            return;
        }
        long now = kernel.nanoTime();
        Optional<String> breach = Identities.breach(config.identity(), kernel.identities(g.pid));
        if (breach.isPresent()) {
            refuse(g, breach.get());
        } else if (g == gens.next) {
            promote(now);
        } else if (g == gens.current && state == STARTING) {
            g.acceptingAt = now;
            counters.started(now - g.spawnedAt);
            transition(RUNNING, g + " accepting after " + millis(now - g.spawnedAt) + " ms");
        } else if (g == gens.current && g.accepting()) {
            counters.restarted(SiteCounters.Restart.RELOAD);
            LOG.info("{} - {} reloaded itself in place and accepts again", name, g);
        }
    }

    public void onExit(int pid, ExitStatus status) {
        Generation g = gens.find(pid);
        if (g == null) {
            return;
        }
        List<String> tail = kernel.tail(pid);
        children.masterExited(g);
        if (gens.retiring.remove(g)) {
            LOG.info("{} - {} retired ({})", name, g, status);
        } else if (g == gens.next) {
            gens.next = null;
            reloadFailed(g + " " + status + " before accepting requests" + Children.lastLines(tail), kernel.nanoTime() - g.spawnedAt);
        } else {
            gens.current = null;
            lastExit = status;
            currentExited(g, status, tail);
        }
        releaseUnused(g.resources);
        if (state == STOPPING && !alive()) {
            stopped("every generation has exited");
        }
    }

    private void reapOrphans(long now) {
        if (gens.orphaned.isEmpty()) {
            return; // also when the site never had a valid file (no config, no mercy time)
        }
        children.reapOrphans(now, config.mercy()).forEach(g -> releaseUnused(g.resources));
        if (state == STOPPING && !alive()) {
            stopped("every generation has exited");
        }
    }

    private void currentExited(Generation g, ExitStatus status, List<String> tail) {
        switch (state) {
            case STARTING -> startFailed(g, status, tail);
            case RUNNING, RELOADING -> {
                if (status.clean() && g.stopAskedAt == 0) {
                    abandonNext("its site was stopped by the operator");
                    operatorStopped = true;
                    stopped(g + " exited cleanly without being asked (SIGINT to its pid, uwsgi --stop): stopped by the operator");
                } else {
                    crashed(g, status, tail);
                }
            }
            default -> { }
        }
    }

    // ---- time ----

    public void tick() {
        long now = kernel.nanoTime();
        gens.all().forEach(g -> children.escalate(g, now, config.mercy()));
        reapOrphans(now);
        long timeout = config == null ? 0 : config.startTimeout().toNanos();
        Generation starting = state == STARTING ? gens.current : gens.next;
        if (starting != null && !starting.killed && now - starting.spawnedAt > timeout) {
            lastError = starting + " was not accepting requests after " + config.startTimeout().toSeconds() + " s; killed";
            children.kill(starting);
        }
        if (state == BACKOFF && now >= retryAt) {
            counters.restarted(SiteCounters.Restart.CRASH);
            spawnCurrent("retrying after backoff");
        }
        if (state == RUNNING && gens.current.accepting() && now - gens.current.acceptingAt > daemon.stableAfter().toNanos()) {
            backoff.reset();
        }
    }

    // ---- the mechanics ----

    private void spawnCurrent(String why) {
        if (config == null) {
            transition(FATAL, lastError == null ? "no valid site file" : lastError);
            return;
        }
        List<String> refused = launcher.preflight(config);
        if (!refused.isEmpty()) {
            fatal(String.join(" | ", refused));
            return;
        }
        Resources res = resourcesFor(config);
        if (res == null) {
            fatal(lastError);
            return;
        }
        Resources old = active;
        active = res;
        if (old != res) {
            releaseUnused(old);
        }
        Generation g = spawn(res);
        if (g == null) {
            scheduleRetry("spawn failed: " + lastError, false);
            return;
        }
        gens.current = g;
        try {
            writePidFiles(g);
        } catch (OsException e) {
            children.kill(g);
            fatal("cannot write its pid file: " + e.getMessage());
            return;
        }
        transition(STARTING, why + "; spawned " + g);
    }

    private void spawnNext(String why) {
        counters.restarted(SiteCounters.Restart.RELOAD);
        List<String> refused = launcher.preflight(config);
        if (!refused.isEmpty()) {
            reloadFailed(String.join(" | ", refused), 0);
            return;
        }
        Resources res = successorResources(config);
        Generation g = res == null ? null : spawn(res);
        if (g == null) {
            if (res != null) {
                releaseUnused(res);
            }
            reloadFailed(lastError, 0);
            return;
        }
        gens.next = g;
        String spawned = why + "; spawned " + g + (res == active ? "" : " on new sockets");
        if (state == RELOADING) {
            LOG.info("{} - still RELOADING ({})", name, spawned); // a newer reload replaced the one under way
        } else {
            transition(RELOADING, spawned);
        }
    }

    /** The active resources if they fit the config, else newly bound ones; null (with lastError) if binding fails. */
    private Resources resourcesFor(SiteConfig site) {
        return active != null && active.fits(site) ? active : acquire(site, false);
    }

    /**
     * The resources of a reload's generation: fresh unix sockets at the same paths, staged until
     * it accepts (then the generation it replaces gets no new connection); the active ones, shared,
     * when a socket cannot be replaced by renaming (TCP) and nothing changed; null (with lastError) if binding fails.
     */
    private Resources successorResources(SiteConfig site) {
        return !Resources.movable(site) && active != null && active.fits(site) ? active : acquire(site, true);
    }

    private Resources acquire(SiteConfig site, boolean staged) {
        Resources fresh = new Resources(kernel);
        try {
            if (staged) {
                fresh.acquireStaged(site);
            } else {
                fresh.acquire(site);
            }
            return fresh;
        } catch (OsException e) {
            lastError = e.getMessage();
            return null;
        }
    }

    private Generation spawn(Resources res) {
        try {
            return children.spawn(launcher, config, res);
        } catch (OsException e) {
            lastError = e.getMessage();
            return null;
        }
    }

    private void writePidFiles(Generation g) throws OsException {
        children.writePidFiles(g, config.pidFiles());
    }

    private void promote(long now) {
        Generation old = gens.current;
        Generation fresh = gens.next;
        if (fresh.resources.staged()) {
            try {
                fresh.resources.publish();
            } catch (OsException e) {
                gens.next = null;
                retire(fresh, "its sockets could not be moved into place");
                reloadFailed("cannot move its socket into place: " + e.getMessage(), now - fresh.spawnedAt);
                return;
            }
        }
        gens.current = fresh;
        gens.next = null;
        fresh.acceptingAt = now;
        active = fresh.resources;
        try {
            writePidFiles(fresh);
        } catch (OsException e) {
            LOG.error("{} - cannot write its pid file: {}", name, e.getMessage());
        }
        if (old.resources != fresh.resources && old.resources.replacedBy(fresh.resources)) {
            drain(old, fresh, now);
        } else if (old.resources != fresh.resources && !old.resources.lost()) {
            old.retireAt = now + daemon.socketMoveGrace().toNanos();
            gens.retiring.add(old);
            LOG.info("{} - {} keeps serving {} for {} s while clients move to {}", name, old, old.resources.describeSockets(),
                    daemon.socketMoveGrace().toSeconds(), fresh.resources.describeSockets());
        } else {
            retire(old, "replaced by " + fresh);
        }
        counters.reloaded(SiteCounters.ReloadResult.OK, fresh + " accepting after " + millis(now - fresh.spawnedAt) + " ms", now - fresh.spawnedAt);
        transition(RUNNING, fresh + " accepting after " + millis(now - fresh.spawnedAt) + " ms; retiring " + old);
    }

    /**
     * {@code old}'s sockets were replaced at their paths by {@code fresh}'s: nobody can connect to
     * it any more. It is asked to stop once it has accepted every connection still queued on them
     * (uWSGI's graceful worker stop would drop one accepted in the same instant).
     */
    private void drain(Generation old, Generation fresh, long now) {
        old.drainingSince = now;
        old.retireAt = now + Children.DRAIN_POLL.toNanos();
        gens.retiring.add(old);
        LOG.info("{} - {} takes no new connections (its sockets now reach {}); asking it to stop once their queues are empty",
                name, old, fresh);
    }

    /**
     * A generation whose processes do not run as configured is killed at once, before it
     * counts as running: a reload rolls back to the generation that passed this check, a start
     * makes the site FATAL.
     */
    private void refuse(Generation g, String breach) {
        String why = "security: " + g + ": " + breach + "; killed. The privilege drop did not do what the site file says: "
                + "check setpriv (" + daemon.setpriv() + ") and the uid/gid of " + config.file();
        LOG.error("{} - {}", name, why);
        kernel.killGroup(g.pid, Signals.KILL);
        g.killed = true;
        gens.retiring.add(g);
        if (g == gens.next) {
            gens.next = null;
            reloadFailed(why, kernel.nanoTime() - g.spawnedAt);
        } else if (g == gens.current) {
            gens.current = null;
            fatal(why);
        }
    }

    /** The next generation failed (or could not be spawned) while the current one serves on: a rollback. */
    private void reloadFailed(String why, long nanos) {
        lastError = "reload failed: " + why;
        counters.reloaded(SiteCounters.ReloadResult.ROLLED_BACK, lastError, nanos);
        LOG.error("{} - {}; {} keeps serving", name, lastError, gens.current);
        if (state == RELOADING) {
            transition(RUNNING, "reload failed, kept " + gens.current);
        }
    }

    private void startFailed(Generation g, ExitStatus status, List<String> tail) {
        lastError = (g.killed ? g + " was not accepting requests after " + config.startTimeout().toSeconds() + " s; killed"
                : g + " " + status + " before accepting requests") + Children.lastLines(tail);
        if (status.code() == 1) {
            fatal("uWSGI refused the configuration (" + status + ")" + Children.lastLines(tail) + "; fix the site file, it is retried when it changes");
        } else if (status.code() == 126 || status.code() == 127) {
            fatal("the privilege drop could not run uWSGI (" + status + ")" + Children.lastLines(tail) + "; fix the path (in the jail, for a chroot site)");
        } else {
            scheduleRetry(lastError, false);
        }
    }

    private void crashed(Generation g, ExitStatus status, List<String> tail) {
        counters.crashed();
        lastError = g + " " + status + Children.lastLines(tail);
        abandonNext("the current generation crashed");
        scheduleRetry(g + " crashed (" + status + ")", true);
    }

    private void scheduleRetry(String why, boolean accepted) {
        long delay = accepted ? backoff.fail() : backoff.failBeforeAccepting();
        if (delay == 0) {
            counters.restarted(SiteCounters.Restart.CRASH);
            spawnCurrent(why + "; respawning at once");
            return;
        }
        removePidFiles();
        retryAt = kernel.nanoTime() + delay;
        transition(BACKOFF, why + "; failure " + backoff.failures() + " in a row, retrying in " + TimeUnit.NANOSECONDS.toSeconds(delay) + " s");
    }

    private void fatal(String why) {
        if (gens.current == null) {
            removePidFiles();
        }
        lastError = why;
        transition(FATAL, why);
        releaseUnused(active);
    }

    private void stopped(String why) {
        removePidFiles();
        if (active != null && !alive()) {
            active.release(config != null && config.vacuum());
            active = null;
        }
        backoff.reset();
        transition(STOPPED, why);
        if (startWhenStopped) {
            startWhenStopped = false;
            counters.restarted(SiteCounters.Restart.OPERATOR);
            start("starting again after the stop");
        }
    }

    private void removePidFiles() {
        children.removePidFiles();
    }

    /**
     * Closes resources no live generation holds and new generations will not get. Superseded
     * sockets (a reload moved them) are removed; the active ones only with vacuum.
     */
    private void releaseUnused(Resources res) {
        if (res == null || gens.uses(res) || res == active && (SiteState.ALIVE.contains(state) || state == BACKOFF)) {
            return;
        }
        res.release(res != active || config != null && config.vacuum());
        if (res == active) {
            active = null;
        }
    }

    private void abandonNext(String why) {
        if (gens.next != null) {
            Generation g = gens.next;
            gens.next = null;
            retire(g, why);
            counters.reloaded(SiteCounters.ReloadResult.FAILED, "reload abandoned: " + why, kernel.nanoTime() - g.spawnedAt);
        }
    }

    private void retire(Generation g, String why) {
        if (g != null) {
            LOG.info("{} - asking {} to stop: {}", name, g, why);
            children.askStop(g);
            gens.retiring.add(g);
        }
    }

    private void transition(SiteState to, String why) {
        if (!state.canBecome(to)) {
            throw new IllegalStateException(name + " - " + state + " -> " + to + " is not a transition (" + why + ")");
        }
        LOG.info("{} - {} -> {} ({})", name, state, to, why);
        state = to;
        stateSince = kernel.nanoTime();
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    // ---- what others may read ----

    public boolean alive() {
        return !gens.all().isEmpty() || !gens.orphaned.isEmpty();
    }

    /** Every pid of a generation of this site that has not been reaped yet. */
    public List<Integer> pids() {
        return gens.all().stream().map(g -> g.pid).toList();
    }

    public String name() {
        return name;
    }

    public SiteState state() {
        return state;
    }

    public SiteConfig config() {
        return config;
    }

    public String lastError() {
        return lastError;
    }

    /** A consistent picture of the site for status and metrics. */
    public SiteStatus status() {
        long now = kernel.nanoTime();
        Generation cur = gens.current;
        long up = cur != null && cur.accepting() ? now - cur.acceptingAt : -1;
        long retry = state == BACKOFF ? Math.max(0, retryAt - now) : -1;
        return new SiteStatus(name, state, cur == null ? 0 : cur.pid, cur == null ? gens.lastNumber() : cur.number, up, now - stateSince,
                retry, lastExit, lastError, counters.snapshot(), active == null ? List.of() : active.describeSockets(),
                config == null ? null : config.file(), pids(), null);
    }
}
