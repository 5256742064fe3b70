package io.uwsgid.arbiter;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.os.ChildListener;
import io.uwsgid.os.Kernel;
import io.uwsgid.site.Site;
import io.uwsgid.site.SiteFiles;
import io.uwsgid.site.SiteState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loop that owns every site. Signals, emperor bytes and requests are queued; the loop
 * applies them one at a time, then converges: reaps children and ticks every site.
 */
public final class Arbiter implements ChildListener {
    private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);
    private static final long TICK_MILLIS = 200;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final Map<String, Site> sites = new TreeMap<>();
    /** Sites whose file is gone: dropped once stopped. */
    private final Set<String> removed = new HashSet<>();
    private Kernel kernel;
    private DaemonConfig daemon;
    private boolean shuttingDown;

    public Arbiter(DaemonConfig daemon) {
        this.daemon = daemon;
    }

    /** Runs until every site has stopped after INT or TERM. */
    public void run(Kernel kernel) {
        this.kernel = kernel;
        rescan(false, "initial scan");
        while (!(shuttingDown && sites.values().stream().noneMatch(Site::alive))) {
            try {
                Event e = queue.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
                if (e != null) {
                    apply(e);
                }
                converge();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                signal("TERM");
            } catch (RuntimeException e) {
                LOG.error("event loop: {}", e.toString(), e);
            }
        }
        LOG.info("every site has stopped");
    }

    // ---- enqueue: any thread ----

    public void signal(String name) {
        queue.add(new Event.Signal(name));
    }

    public void call(java.util.function.Consumer<Arbiter> action) {
        queue.add(new Event.Call(action));
    }

    @Override
    public void emperorByte(int pid, int value) {
        queue.add(new Event.Emperor(pid, value));
    }

    @Override
    public void emperorClosed(int pid) {
        signal("CHLD");
    }

    // ---- the loop thread ----

    private void apply(Event e) {
        if (e instanceof Event.Signal s) {
            handleSignal(s.name());
        } else if (e instanceof Event.Emperor m) {
            sites.values().stream().filter(s -> s.pids().contains(m.pid())).findFirst().ifPresent(s -> s.onEmperor(m.pid(), m.value()));
        } else if (e instanceof Event.Call c) {
            c.action().accept(this);
        }
    }

    private void handleSignal(String name) {
        switch (name) {
            case "HUP" -> rescan(true, "SIGHUP");
            case "INT", "TERM" -> shutdown("SIG" + name);
            case "USR1" -> sites.values().forEach(Site::reopenLog);
            default -> { }
        }
    }

    private void converge() {
        for (Site site : sites.values()) {
            for (int pid : site.pids()) {
                kernel.reap(pid).ifPresent(status -> site.onExit(pid, status));
            }
            site.tick();
        }
        sites.values().removeIf(s -> removed.contains(s.name()) && s.state() == SiteState.STOPPED);
        removed.removeIf(n -> !sites.containsKey(n));
    }

    /** Reads the sites directory: new files start, removed ones stop, the rest reload if {@code reloadAll} or changed. */
    public void rescan(boolean reloadAll, String why) {
        if (shuttingDown) {
            return;
        }
        Map<String, SiteFiles.Entry> found;
        try {
            found = SiteFiles.scan(daemon);
        } catch (IOException e) {
            LOG.error("cannot read the sites directory {} ({}); every running site keeps running", daemon.sitesDir(), e.toString());
            return;
        }
        for (String gone : new ArrayList<>(sites.keySet())) {
            if (!found.containsKey(gone)) {
                removed.add(gone);
                sites.get(gone).stop("its file was removed");
            }
        }
        found.forEach((name, entry) -> apply(name, entry, reloadAll, why));
    }

    private void apply(String name, SiteFiles.Entry entry, boolean reloadAll, String why) {
        Site site = sites.get(name);
        removed.remove(name);
        if (entry.config() == null) {
            LOG.error("{} - {}", name, entry.error());
            if (site == null) {
                site = new Site(name, null, kernel, daemon);
                sites.put(name, site);
            }
            site.invalidConfig(entry.error());
        } else if (site == null) {
            site = new Site(name, entry.config(), kernel, daemon);
            sites.put(name, site);
            site.start("new site file " + entry.file());
        } else if (reloadAll || !entry.config().sameOptions(site.config())) {
            site.replaceConfig(entry.config(), why);
        }
    }

    private void shutdown(String why) {
        if (!shuttingDown) {
            LOG.info("{}: stopping every site", why);
            shuttingDown = true;
        }
        sites.values().forEach(s -> s.stop(why));
    }

    public Collection<Site> sites() {
        return sites.values();
    }

    public DaemonConfig daemon() {
        return daemon;
    }
}
