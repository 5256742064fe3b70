package io.uwsgid.site;

import static io.uwsgid.site.Lifecycle.Event.*;
import static io.uwsgid.status.SiteState.*;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Kernel;
import io.uwsgid.site.Lifecycle.Occurrence;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import io.uwsgid.status.StatsReading;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site's state machine. The loop thread alone calls it: with operator requests, emperor
 * bytes, child exits and ticks, each turned into one {@link Lifecycle.Event} whose action the
 * {@link Lifecycle} table gives; every change of state goes through {@code change}. The actions
 * are carried out by {@link Starting}, {@link Reloading} and {@link Stopping}; {@link Health},
 * {@link HandingOver}, {@link Upkeep} and {@link StatusView} do the rest. All of them work on this
 * site's fields. It never throws: failures land in {@link #lastError()} and the state.
 */
public final class Site {
    /** Also the logger of its action classes: their lines are the site's, and the JSON log names the logger. */
    static final Logger LOG = LoggerFactory.getLogger(Site.class);
    static final int EMPEROR_STOP = 2, EMPEROR_ACCEPTING = 5;

    final String name;
    final Kernel kernel;
    final SpawnCheck spawnCheck;
    DaemonConfig daemon;
    Launcher launcher;
    final Backoff backoff;
    final Generations gens = new Generations();
    final Children children;
    final Holdings holdings;
    final SiteCounters counters = new SiteCounters();
    final OnDemand onDemand;
    SiteConfig config;
    /** {@link #watch()} and the config it was made from. */
    private SiteConfig watchFor;
    private SiteStatus.Watch watch;
    private SiteState state = STOPPED;
    long retryAt;
    long stateSince;
    String lastError;
    ExitStatus lastExit;
    /** Stopped by uwsgictl stop or a SIGINT to its pid: it stays stopped, across daemon restarts too, until started. */
    boolean operatorStopped;

    final Starting starting = new Starting(this);
    final Reloading reloading = new Reloading(this);
    private final Stopping stopping = new Stopping(this);
    private final HandingOver handingOver = new HandingOver(this);
    private final Health health = new Health(this);
    private final Upkeep upkeep = new Upkeep(this);

    public Site(String name, SiteConfig config, Kernel kernel, DaemonConfig daemon, SpawnCheck spawnCheck) {
        this.name = name;
        this.config = config;
        this.kernel = kernel;
        this.spawnCheck = spawnCheck;
        this.daemon = daemon;
        this.launcher = new Launcher(daemon, kernel);
        this.backoff = new Backoff(daemon.backoffCap());
        this.children = new Children(name, kernel, gens, daemon.settleTime());
        this.holdings = new Holdings(kernel);
        this.onDemand = new OnDemand(name, kernel, holdings);
        this.stateSince = kernel.nanoTime();
    }

    /** New daemon settings after a HUP: they apply from the next spawn, stop or retry on. */
    public void setDaemon(DaemonConfig fresh) {
        daemon = fresh;
        launcher = new Launcher(fresh, kernel);
        backoff.setCap(fresh.backoffCap());
        children.setSettleTime(fresh.settleTime());
    }

    /** Its socket files checked, its log reopened: chores the arbiter runs for every site. */
    public Upkeep upkeep() {
        return upkeep;
    }

    /** A uwsgid restart: this site's serving generation handed to the next uwsgid, or one taken over from the one before. */
    public HandingOver handingOver() {
        return handingOver;
    }

    // ---- operator requests ----

    public void start(String why) {
        operatorStopped = false;
        on(Occurrence.of(config != null && config.own().onDemand() ? START_ON_DEMAND : START, why));
    }

    /** A connection waits on the socket of this (IDLE, on-demand) site: it starts. Called on the loop thread. */
    public void onDemand() {
        on(Occurrence.of(DEMAND, "a connection waits on its socket"));
    }

    public void stop(String why) {
        stopping.cancelStartAfter();
        on(Occurrence.of(STOP, why));
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
        on(Occurrence.of(RESTART, why));
    }

    /** Onto the site's current config: a new generation beside the serving one, which serves until the new one accepts. */
    public void reload(String why) {
        on(Occurrence.of(RELOAD, why));
    }

    /** A re-read of the site's file: a running site reloads onto it (moving sockets without downtime if they changed). */
    public void replaceConfig(SiteConfig fresh, String why) {
        setConfig(fresh);
        reload(why);
    }

    /** Takes a new version of the site's file, to be applied by the next reload or start. */
    public void setConfig(SiteConfig fresh) {
        config = fresh;
        lastError = null;
    }

    /** The file became invalid or unreadable: a running site keeps running as it is; others become FATAL. */
    public void invalidConfig(String error) {
        lastError = error;
        if (config != null && (SiteState.ALIVE.contains(state) || state == IDLE)) {
            LOG.error("{} - its file is invalid now; the running generation keeps serving: {}", name, error);
        } else if (state != FATAL) {
            change(FATAL, error);
        }
    }

    // ---- what the children say, and time ----

    public void onEmperor(int pid, int message) {
        Generation g = gens.find(pid);
        if (g == null || message != EMPEROR_ACCEPTING) {
            return;
        }
        Optional<String> breach = Identities.breach(config.identity(), kernel.identities(g.pid));
        if (breach.isPresent()) {
            starting.refuse(g, breach.get());
        } else if (g == gens.next || g == gens.current) {
            on(Occurrence.about(g == gens.next ? NEXT_ACCEPTING : ACCEPTING, g));
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
            on(Occurrence.exit(NEXT_EXITED, g, status, tail));
        } else {
            gens.current = null;
            lastExit = status;
            on(Occurrence.exit(EXITED, g, status, tail));
        }
        release(g.resources);
        goneIfNothingAlive();
    }

    /** What the health watch found for the serving generation: an idle on-demand site parks, a hung generation is replaced as by a reload ({@link Health}). */
    public void onHealth(StatsReading reading) {
        health.read(reading).ifPresent(this::on);
    }

    public void tick() {
        long now = kernel.nanoTime();
        children.sweep();
        gens.all().forEach(g -> children.escalate(g, now, config.mercy()));
        if (!gens.orphaned.isEmpty()) { // never for a site that never had a valid file (no config, no mercy time)
            children.reapOrphans(now, config.mercy()).forEach(g -> release(g.resources));
            goneIfNothingAlive();
        }
        starting.killIfLate(now);
        if (state == BACKOFF && now >= retryAt) {
            on(Occurrence.of(RETRY_DUE, "retrying after backoff"));
        }
        if (state == RUNNING && gens.current.accepting() && now - gens.current.acceptingAt > daemon.stableAfter().toNanos()) {
            backoff.reset();
        }
    }

    private void goneIfNothingAlive() {
        if (!alive()) {
            on(Occurrence.of(GONE, "every generation has exited"));
        }
    }

    // ---- each event to its action, and every change of state ----

    void on(Occurrence o) {
        Lifecycle.Action action = Lifecycle.action(state, o.event());
        if (state == IDLE && action != Lifecycle.Action.IGNORE) {
            onDemand.unwatch();
        }
        switch (action) {
            case SPAWN -> starting.spawnCurrent(o.why());
            case SPAWN_AFRESH -> starting.spawnAfresh(o.why());
            case RETRY -> starting.retry(o.why());
            case STOP_ALL -> stopping.stopAll(o.why());
            case STOP_THEN_START -> stopping.stopThenStart(o.why());
            case START_WHEN_STOPPED -> stopping.startWhenStopped();
            case SPAWN_NEXT -> reloading.spawnNext(o.why());
            case REPLACE_NEXT -> reloading.replaceNext(o.why());
            case RESPAWN -> starting.respawn(o.why());
            case STARTED -> starting.started(o.generation());
            case RELOADED_IN_PLACE -> reloading.reloadedInPlace(o.generation());
            case PROMOTE -> reloading.promote(o.generation());
            case START_FAILED -> starting.startFailed(o);
            case ENDED -> stopping.ended(o);
            case ROLL_BACK -> reloading.rollBack(o);
            case STOPPED_ALL -> stopping.stopped(o.why());
            case ADOPT -> change(RUNNING, "took over " + o.generation() + " from the uwsgid before");
            case PARK -> starting.park(o.why());
            case REPARK -> starting.repark(o.why());
            case STOP_TO_IDLE -> stopping.stopToIdle(o.why());
            case IGNORE -> { }
        }
    }

    /** Closes resources no live generation holds and new generations will not get. */
    void release(Resources res) {
        holdings.release(res, gens, SiteState.ALIVE.contains(state) || state == BACKOFF || state == IDLE, config != null && config.vacuum());
    }

    /** Every change of state goes through here: checked against {@link Lifecycle#allowed}, logged and stamped (status and metrics show it). */
    void change(SiteState to, String why) {
        if (!Lifecycle.allowed(state, to)) {
            throw new IllegalStateException(name + " - " + state + " -> " + to + " is not a transition (" + why + ")");
        }
        LOG.info("{} - {} -> {} ({})", name, state, to, why);
        state = to;
        stateSince = kernel.nanoTime();
    }

    long sinceSpawn(Generation g) {
        return kernel.nanoTime() - g.spawnedAt;
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    // ---- what others may read ----

    /** Nothing of it falls due soon (see Arbiter's resting turns): one generation serving, or nothing alive and nothing to retry. */
    public boolean resting() {
        return handingOver.ready() || (state == STOPPED || state == FATAL || state == IDLE) && !alive();
    }

    public boolean alive() {
        return !gens.all().isEmpty() || !gens.orphaned.isEmpty();
    }

    /**
     * How the health watch judges this site, as its status shows it: made once per config (a
     * status snapshot of every site is taken at every turn, and reading heartbeat walks the options).
     */
    SiteStatus.Watch watch() {
        if (watchFor != config || watch == null) {
            watchFor = config;
            watch = config == null ? SiteStatus.Watch.NONE
                    : new SiteStatus.Watch(config.own().healthTimeout().toMillis(), config.heartbeat(), config.own().onDemand());
        }
        return watch;
    }

    /** Every pid of a generation of this site that has not been reaped yet. */
    public List<Integer> pids() {
        return gens.all().stream().map(g -> g.pid).toList();
    }

    /** How many heartbeats a second its workers send at most (see {@link SiteConfig#beatsPerSecondAtMost}); 0 without a config. */
    public double beatsPerSecondAtMost() {
        return config == null ? 0 : config.beatsPerSecondAtMost();
    }

    /** Whether {@code pid} is the master of one of this site's generations. */
    public boolean owns(int pid) {
        return gens.find(pid) != null;
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
        return StatusView.of(this);
    }
}
