package io.uwsgid.arbiter;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.control.Reply;
import io.uwsgid.control.Request;
import io.uwsgid.handover.Handover;
import io.uwsgid.os.ChildListener;
import io.uwsgid.os.Kernel;
import io.uwsgid.site.Site;
import io.uwsgid.site.SiteFiles;
import io.uwsgid.site.SpawnCheck;
import io.uwsgid.status.SiteState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loop that owns every site. Signals, emperor bytes and requests are queued; the loop
 * applies them one at a time, then converges: reaps children, ticks every site, starts queued
 * starts and reloads while slots are free, and answers requests whose outcome is known.
 */
public final class Arbiter implements ChildListener {
    private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);
    private static final long TICK_MILLIS = 200;
    /**
     * When every site rests (one generation serving, or nothing alive), nothing falls due but a
     * failure count's reset after stable-after and the socket check: a turn every 10 s (events still
     * turn it at once), or as often as an observer asks (the systemd watchdog). A turn at 100 idle
     * sites costs ~1 ms of CPU here, mostly waking a cold thread: at one a second that was 30 ms in
     * 30 s, at one every 5 s 6.5 ms.
     */
    private static final long RESTING_TICK_MILLIS = 10_000;
    /**
     * Children are reaped after a SIGCHLD (or an emperor socket closing), and at least this often,
     * in case one went astray: a sweep asks the kernel once ({@link Kernel#mayHaveEnded}) before a
     * waitpid per generation (at 500 sites, 2 ms of the loop).
     */
    private static final long REAP_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(30);
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Map<String, Site> sites = new TreeMap<>();
    /** Sites whose file is gone: dropped once stopped. */
    private final Set<String> removed = new HashSet<>();
    private final SitesDiff diff = new SitesDiff();
    private final ReloadSlots slots = new ReloadSlots();
    private final Commands commands = new Commands(this);
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<DaemonObserver> observers = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** True from the start, and from each HUP, until every site has settled. */
    private boolean settling = true;
    private long turnDueAt, socketCheckDueAt, reapSweepAt, trimDueAt;
    private boolean reapDue;
    /**
     * While every site rests, the C heap's free pages go back to the system this often, on a turn
     * taken anyway: what starting sites, compiling and the first scrapes left in glibc's arenas
     * (1-1.5 MB of RSS, at 1 site and at 500). One malloc_trim at 1 site: 12 madvise calls,
     * 0.1 ms in the kernel (strace); idle CPU with and without it was the same within noise.
     */
    private static final long TRIM_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** How often every site's socket files are checked (an lstat each: at 500 sites, 2.5 ms of the loop). */
    private static final long SOCKET_CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);
    private final java.util.function.Supplier<DaemonConfig> reread;
    private DaemonConfig daemon;
    private Kernel kernel;
    private boolean shuttingDown;
    private OperatorStops operatorStops;
    private final SpawnCheck spawnCheck;
    private final java.util.function.BooleanSupplier restartQueued;
    private Succession succession;
    /** Some sites were handed to systemd's store for the next uwsgid: they run on when this one exits. */
    private boolean handedOver;

    /** {@code reread} reads uwsgid.ini again on HUP; it throws IllegalArgumentException with the reason when the file is invalid. */
    /**
     * {@code reread} reads uwsgid.ini again on HUP; it throws IllegalArgumentException with the
     * reason when the file is invalid. {@code restartQueued} tells, on TERM, whether systemd is
     * restarting uwsgid (then the running sites are handed to the next one instead of stopped).
     */
    public Arbiter(DaemonConfig daemon, java.util.function.Supplier<DaemonConfig> reread, SpawnCheck spawnCheck,
                   java.util.function.BooleanSupplier restartQueued) {
        this.daemon = daemon;
        this.reread = reread;
        this.spawnCheck = spawnCheck;
        this.restartQueued = restartQueued;
    }

    /** Runs until every site has stopped after INT or TERM, or has been handed to the next uwsgid; takes over what {@code handed} holds. */
    public void run(Kernel kernel, Handover.Received handed) {
        this.kernel = kernel;
        this.operatorStops = OperatorStops.load(daemon.runDir(), kernel);
        this.succession = new Succession(kernel, handed);
        // Watch first, then scan: a file written in between is seen by one or the other.
        try (SitesWatcher watcher = watch()) {
            rescan(false, "initial scan");
            succession.dismissUnclaimed();
            loop();
        } catch (IOException e) {
            LOG.warn("closing the sites directory watch: {}", e.getMessage());
        }
        LOG.info("every site has stopped");
    }

    private SitesWatcher watch() {
        if (!daemon.watch()) {
            return null;
        }
        try {
            return SitesWatcher.start(daemon.sitesDir(), this);
        } catch (IOException e) {
            LOG.warn("not watching {} for changes ({}); HUP or uwsgictl rescan pick them up", daemon.sitesDir(), e.toString());
            return null;
        }
    }

    private void loop() {
        turnDueAt = kernel.nanoTime();
        trimDueAt = turnDueAt + TRIM_NANOS;
        reapDue = true;
        while (!(shuttingDown && sites.values().stream().noneMatch(Site::alive))) {
            try {
                converge();
                boolean resting = resting();
                if (resting) {
                    trimWhenDue();
                }
                long interval = resting ? restingTick() : TICK_MILLIS;
                tellObservers(interval);
                // until the next event, or the observers' next turn if that comes first (a site
                // that has just come to rest is shown to them 200 ms on, not a resting tick later)
                long wait = observers.isEmpty() ? interval
                        : Math.max(1, Math.min(interval, TimeUnit.NANOSECONDS.toMillis(turnDueAt - kernel.nanoTime()) + 1));
                Event e = queue.poll(wait, TimeUnit.MILLISECONDS);
                if (e != null) {
                    apply(e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                signal(DaemonSignal.TERM);
            } catch (RuntimeException e) {
                LOG.error("event loop: {}", e.toString(), e);
            }
        }
    }

    // ---- enqueue: any thread ----

    public void signal(DaemonSignal signal) {
        queue.add(new Event.Signal(signal));
    }

    /** Queues a control request for the loop; the future completes with its reply. */
    public CompletableFuture<Reply> submit(Request request) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        queue.add(new Event.Control(request, reply));
        return reply;
    }

    /** A round of the health watch: applied to each site on the loop thread. */
    public void health(Map<String, io.uwsgid.status.StatsReading> readings) {
        queue.add(new Event.Health(readings));
    }

    /** Files in the sites directory changed: a rescan follows. */
    void sitesChanged() {
        queue.add(new Event.SitesChanged());
    }

    @Override
    public void emperorByte(int pid, int value) {
        queue.add(new Event.Emperor(pid, value));
    }

    @Override
    public void emperorClosed(int pid) {
        signal(DaemonSignal.CHLD);
    }

    @Override
    public void connectionWaiting(String site) {
        queue.add(new Event.Demand(site));
    }

    // ---- the loop thread ----

    private void apply(Event e) {
        if (e instanceof Event.Signal s) {
            handleSignal(s.signal());
        } else if (e instanceof Event.Emperor m) {
            sites.values().stream().filter(s -> s.owns(m.pid())).findFirst().ifPresent(s -> s.onEmperor(m.pid(), m.value()));
        } else if (e instanceof Event.Control c) {
            commands.run(c.request(), c.reply());
        } else if (e instanceof Event.Demand d) {
            Optional.ofNullable(sites.get(d.site())).ifPresent(Site::onDemand);
        } else if (e instanceof Event.Health h) {
            h.readings().forEach((name, r) -> Optional.ofNullable(sites.get(name)).ifPresent(s -> s.onHealth(r)));
        } else if (e instanceof Event.SitesChanged) {
            rescan(false, "the sites directory changed");
        }
    }

    private void handleSignal(DaemonSignal signal) {
        switch (signal) {
            case HUP -> {
                LOG.info("SIGHUP: re-reading uwsgid.ini and {}", daemon.sitesDir());
                observers.forEach(DaemonObserver::reloading);
                settling = true;
                if (rereadDaemonConfig()) {
                    rescan(true, "SIGHUP").forEach(change -> LOG.info("SIGHUP: {}", change));
                }
            }
            case TERM -> {
                if (shuttingDown || succession.handingOver() || !restartQueued.getAsBoolean()) {
                    shutdown("SIGTERM");
                } else {
                    succession.request(Succession.Road.FD_STORE, null, kernel.nanoTime());
                }
            }
            case INT -> shutdown("SIGINT");
            case USR1 -> reopenLogs();
            case CHLD -> reapDue = true;
        }
    }

    private void converge() {
        long start = kernel.nanoTime();
        boolean sweep = start >= reapSweepAt;
        boolean reap = reapDue || sweep && kernel.mayHaveEnded();
        if (reap || sweep) {
            reapDue = false;
            reapSweepAt = start + REAP_SWEEP_NANOS;
        }
        eachSite(site -> {
            if (reap) {
                for (int pid : site.pids()) {
                    kernel.reap(pid).ifPresent(status -> site.onExit(pid, status));
                }
            }
            site.tick();
            boolean settled = site.handingOver().ready();
            site.pids().forEach(pid -> kernel.quietEmperor(pid, settled, site::beatsPerSecondAtMost));
        });
        sites.values().removeIf(s -> removed.contains(s.name()) && s.state() == SiteState.STOPPED);
        removed.removeIf(n -> !sites.containsKey(n));
        diff.retain(sites.keySet());
        succession.reapDismissed();
        if (succession.due(List.copyOf(sites.values()), kernel.nanoTime())) {
            handOver();
        }
        operatorStops.save(sites.values().stream().filter(Site::operatorStopped).map(Site::name).collect(Collectors.toCollection(TreeSet::new)));
        startPending();
        long now = kernel.nanoTime();
        if (now >= socketCheckDueAt) {
            socketCheckDueAt = now + SOCKET_CHECK_NANOS;
            sites.values().forEach(s -> s.upkeep().checkSockets());
        }
        waiters.removeIf(w -> w.poll(now));
    }

    private void trimWhenDue() {
        long now = kernel.nanoTime();
        if (now >= trimDueAt) {
            trimDueAt = now + TRIM_NANOS;
            kernel.trimNativeHeap();
        }
    }

    private long restingTick() {
        long tick = RESTING_TICK_MILLIS;
        for (DaemonObserver o : observers) {
            tick = Math.min(tick, o.turnAtLeastEveryMillis());
        }
        return Math.max(TICK_MILLIS, tick);
    }

    /** Whether nothing falls due soon: every site rests, and nothing waits for a slot, a reply or a hand-over. */
    private boolean resting() {
        return !settling && !shuttingDown && slots.isEmpty() && waiters.isEmpty() && !succession.handingOver()
                && sites.values().stream().allMatch(Site::resting);
    }

    /**
     * A snapshot for the observers once a turn is due, and at once when the start or a HUP has
     * settled (not at every event meanwhile: starting 100 sites, that was a snapshot of all 100
     * for each of their messages). A loop that stops resting (a reload, a crash) has its next
     * turn within {@code intervalMillis}, not at the end of the resting one.
     */
    private void tellObservers(long intervalMillis) {
        long now = kernel.nanoTime();
        long interval = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        if (turnDueAt - now > interval) {
            turnDueAt = now + interval;
        }
        boolean settledNow = settling && slots.isEmpty() && sites.values().stream().noneMatch(Arbiter::unsettled);
        if (observers.isEmpty() || now < turnDueAt && !settledNow) {
            return;
        }
        long lag = Math.max(0, now - turnDueAt);
        turnDueAt = now + interval;
        DaemonObserver.Snapshot snap = new DaemonObserver.Snapshot(sites.values().stream().map(Site::status).toList(), lag, now);
        observers.forEach(o -> o.turn(snap));
        if (settledNow) {
            settling = false;
            observers.forEach(o -> o.settled(snap));
        }
    }

    private static boolean unsettled(Site s) {
        return s.state() == SiteState.STARTING || s.state() == SiteState.RELOADING;
    }

    public void addObserver(DaemonObserver observer) {
        observers.add(observer);
    }

    private void startPending() {
        if (shuttingDown) {
            return;
        }
        long busy = sites.values().stream().filter(Arbiter::unsettled).count();
        slots.grant(busy, daemon.reloadParallelism(), p -> {
            Site site = sites.get(p.site());
            if (site == null || removed.contains(p.site())) {
                return false;
            }
            if (p.start()) {
                site.start(p.why());
            } else {
                site.reload(p.why());
            }
            return unsettled(site); // an on-demand site that went IDLE spawned nothing: it takes no slot
        });
    }

    /**
     * Hands the settled sites to the next uwsgid. By exec this returns only if the exec failed;
     * through systemd's store, the sites handed over are no longer this daemon's and the others stop.
     */
    private void handOver() {
        boolean store = succession.road() == Succession.Road.FD_STORE;
        List<String> handed = succession.handOver(List.copyOf(sites.values()));
        handedOver |= !handed.isEmpty();
        if (store) {
            sites.keySet().removeAll(handed);
            shutdown(handed.isEmpty() ? "SIGTERM" : "SIGTERM (systemd restarts uwsgid; " + handed.size() + " sites handed over)");
        }
    }

    /** Whether sites were handed to the next uwsgid (they keep running after this daemon exits). */
    public boolean handedOver() {
        return handedOver;
    }

    /** uwsgictl upgrade: once every site is settled, this daemon execs a new one that takes them over. */
    void upgrade(CompletableFuture<Reply> reply) {
        succession.request(Succession.Road.EXEC, reply, kernel.nanoTime())
                .ifPresent(busy -> reply.complete(Reply.error(io.uwsgid.control.ExitCodes.FAILED, busy)));
    }

    /** Queues a reload (or, for a site that is not running, a start) of {@code site} behind those waiting for a slot. */
    void enqueue(Site site, String why) {
        slots.request(site.name(), why, false);
    }

    /**
     * Reads the sites directory: new files start, removed ones stop; the others reload when
     * {@code reloadAll}, or when their resolved options changed or the file was touched.
     * Returns one line per change.
     */
    public List<String> rescan(boolean reloadAll, String why) {
        List<String> changes = new ArrayList<>();
        if (shuttingDown) {
            return changes;
        }
        Map<String, SiteFiles.Entry> found;
        try {
            found = SiteFiles.scan(daemon);
        } catch (IOException e) {
            LOG.error("cannot read the sites directory {} ({}); every running site keeps running", daemon.sitesDir(), e.toString());
            changes.add("cannot read " + daemon.sitesDir() + ": " + e.getMessage());
            return changes;
        }
        Map<String, SiteConfig> known = new HashMap<>();
        sites.forEach((name, site) -> known.put(name, site.config()));
        for (SitesDiff.Change change : diff.read(found, known, removed, reloadAll, why)) {
            changes.add(change.site() + ": " + apply(change));
        }
        removed.removeAll(found.keySet());
        return changes;
    }

    /** Carries one change of the sites directory out; returns what it did, for the log and uwsgictl rescan. */
    private String apply(SitesDiff.Change change) {
        String name = change.site();
        if (change instanceof SitesDiff.Change.Removed) {
            removed.add(name);
            sites.get(name).stop("its file was removed");
            return "file removed, stopping";
        }
        Site site = sites.computeIfAbsent(name, this::newSite);
        if (change instanceof SitesDiff.Change.Invalid invalid) {
            LOG.error("{} - {}", name, invalid.error());
            site.invalidConfig(invalid.error());
            return "invalid: " + invalid.error();
        }
        if (change instanceof SitesDiff.Change.Added added) {
            site.setConfig(added.config());
            if (site.operatorStopped()) {
                return staysStopped(name);
            }
            Succession.Adoption adoption = succession.adopt(site);
            if (adoption == Succession.Adoption.TAKEN_FILE_CHANGED) {
                slots.request(name, "its file changed while uwsgid restarted", false);
            }
            if (adoption != Succession.Adoption.NONE) {
                return "took over its running generation from the uwsgid before";
            }
            slots.request(name, "new site file " + added.file(), true);
            return "new file, starting";
        }
        SitesDiff.Change.Changed changed = (SitesDiff.Change.Changed) change;
        site.setConfig(changed.config());
        if (site.operatorStopped() || site.state() == SiteState.STOPPED) {
            return staysStopped(name);
        }
        slots.request(name, changed.reason(), false);
        return changed.reason() + ", reloading";
    }

    private static String staysStopped(String name) {
        return "stopped by the operator; stays stopped until uwsgictl start " + name;
    }

    /** A site as first seen in the directory; one the operator had stopped before uwsgid restarted stays stopped. */
    private Site newSite(String name) {
        Site site = new Site(name, null, kernel, daemon, spawnCheck);
        if (operatorStops.contains(name)) {
            site.keepStopped("stopped by the operator before uwsgid restarted; uwsgictl start " + name + " starts it");
        }
        return site;
    }

    /**
     * Reads the site's file again, as a rescan would, before an operator's reload, restart or
     * start acts on it: the site then runs what its file says now. An invalid file changes
     * nothing that runs; its reason (file:line and the fix) is returned.
     */
    Optional<String> reread(Site site) {
        SiteFiles.Entry entry = SiteFiles.read(site.name(), daemon);
        diff.seen(site.name(), entry.modified());
        if (entry.config() == null) {
            LOG.error("{} - {}", site.name(), entry.error());
            site.invalidConfig(entry.error());
            return Optional.of(entry.error());
        }
        site.setConfig(entry.config());
        return Optional.empty();
    }

    /** An invalid uwsgid.ini changes nothing (false): the error is reported and the sites run on as they are. */
    private boolean rereadDaemonConfig() {
        DaemonConfig fresh;
        try {
            fresh = reread.get();
        } catch (IllegalArgumentException e) {
            LOG.error("uwsgid.ini is invalid, keeping the settings in force and every site as it runs: {}", e.getMessage());
            return false;
        }
        if (fresh.equals(daemon)) {
            return true;
        }
        List<String> later = daemon.restartOnlyChanges(fresh);
        if (!later.isEmpty()) {
            LOG.warn("uwsgid.ini: {} take effect when uwsgid restarts (systemctl restart uwsgid); every other setting applies now",
                    String.join(", ", later));
        }
        fresh = daemon.liveFrom(fresh);
        LOG.info("uwsgid.ini re-read: {}", fresh);
        daemon = fresh;
        sites.values().forEach(s -> s.setDaemon(daemon));
        observers.forEach(o -> o.settingsChanged(daemon));
        return true;
    }

    void reopenLogs() {
        sites.values().forEach(s -> s.upkeep().reopenLog());
        observers.forEach(DaemonObserver::logsReopened);
    }

    private void shutdown(String why) {
        if (!shuttingDown) {
            LOG.info("{}: stopping every site", why);
            observers.forEach(DaemonObserver::stopping);
            shuttingDown = true;
            slots.clear();
        }
        eachSite(s -> s.stop(why));
    }

    /** Runs {@code action} on every site; a bug that throws for one site is logged and does not keep the others from their turn. */
    private void eachSite(Consumer<Site> action) {
        for (Site site : List.copyOf(sites.values())) {
            try {
                action.accept(site);
            } catch (RuntimeException e) {
                LOG.error("{} - internal error (the other sites go on): {}", site.name(), e.toString(), e);
            }
        }
    }

    void addWaiter(Waiter w) {
        waiters.add(w);
    }

    Kernel kernel() {
        return kernel;
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    public Collection<Site> sites() {
        return sites.values();
    }

    Site site(String name) {
        return sites.get(name);
    }

    public DaemonConfig daemon() {
        return daemon;
    }
}
