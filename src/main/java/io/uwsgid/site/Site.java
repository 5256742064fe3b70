package io.uwsgid.site;

import static io.uwsgid.site.SiteState.*;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.OsException;
import io.uwsgid.os.Signals;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One site's state machine. The loop thread alone calls it: with operator requests, emperor
 * bytes, child exits and ticks. It never throws: failures land in {@link #lastError()} and the state.
 */
public final class Site {
    private static final Logger LOG = LoggerFactory.getLogger(Site.class);
    static final int EMPEROR_RELOAD = 1, EMPEROR_STOP = 2, EMPEROR_SPAWNED = 1, EMPEROR_ACCEPTING = 5;

    private final String name;
    private final Kernel kernel;
    private final DaemonConfig daemon;
    private final Launcher launcher;
    private final Resources resources;
    private final Backoff backoff;
    private final List<Generation> retiring = new ArrayList<>();
    private SiteConfig config;
    private SiteState state = STOPPED;
    private Generation current, next;
    private int generations, restarts;
    /** The pid the site's pid files name, so they are removed only while they still name it. */
    private int pidFilePid;
    private long retryAt, stateSince;
    private String lastError;
    private ExitStatus lastExit;
    private boolean startWhenStopped, configChanged;

    public Site(String name, SiteConfig config, Kernel kernel, DaemonConfig daemon) {
        this.name = name;
        this.config = config;
        this.kernel = kernel;
        this.daemon = daemon;
        this.launcher = new Launcher(daemon, kernel);
        this.resources = new Resources(kernel);
        this.backoff = new Backoff(daemon.backoffCap());
        this.stateSince = kernel.nanoTime();
    }

    // ---- operator requests ----

    public void start(String why) {
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
        switch (state) {
            case STARTING, RUNNING, RELOADING -> {
                askStop(current);
                askStop(next);
                transition(STOPPING, why);
            }
            case BACKOFF, FATAL -> stopped(why);
            default -> { }
        }
    }

    /** A new generation on the same sockets; the current one serves until the new one accepts. */
    public void reload(String why) {
        switch (state) {
            case RUNNING -> spawnNext(why);
            case RELOADING -> {
                retire(next, "superseded by a newer reload");
                next = null;
                spawnNext(why);
            }
            case STARTING -> {
                retire(current, "restarted before it accepted");
                current = null;
                spawnCurrent(why);
            }
            case BACKOFF, FATAL -> start(why);
            default -> { }
        }
    }

    /** A re-read of the site's file. Sockets or log moved: stop, then start on the new ones; otherwise reload. */
    public void replaceConfig(SiteConfig fresh, String why) {
        SiteConfig old = config;
        config = fresh;
        if (old != null && resources.held() && !Resources.sameResources(old, fresh) && SiteState.ALIVE.contains(state)) {
            stop(why + " (sockets or log changed: stopping, then starting on the new ones)");
            startWhenStopped = true;
        } else if (state == FATAL || state == BACKOFF) {
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

    public void reopenLog() {
        try {
            if (resources.reopenLog()) {
                LOG.info("{} - reopened its log file", name);
            }
        } catch (OsException e) {
            lastError = e.getMessage();
            LOG.error("{} - cannot reopen its log: {}", name, e.getMessage());
        }
    }

    // ---- what the children say ----

    public void onEmperor(int pid, int message) {
        Generation g = find(pid);
        if (g == null || message != EMPEROR_ACCEPTING) {
            return;
        }
        long now = kernel.nanoTime();
        if (g == next) {
            promote(now);
        } else if (g == current && state == STARTING) {
            g.acceptingAt = now;
            transition(RUNNING, g + " accepting after " + millis(now - g.spawnedAt) + " ms");
        } else if (g == current && g.accepting()) {
            LOG.info("{} - {} reloaded itself in place and accepts again", name, g);
        }
    }

    public void onExit(int pid, ExitStatus status) {
        Generation g = find(pid);
        if (g == null) {
            return;
        }
        List<String> tail = kernel.tail(pid);
        kernel.killGroup(pid, Signals.KILL);
        kernel.release(pid);
        if (retiring.remove(g)) {
            LOG.info("{} - {} retired ({})", name, g, status);
        } else if (g == next) {
            next = null;
            reloadFailed(g, status, tail);
        } else {
            current = null;
            lastExit = status;
            currentExited(g, status, tail);
        }
        if (state == STOPPING && !alive()) {
            stopped("every generation has exited");
        } else if (state == FATAL && !alive()) {
            resources.release(false);
        }
    }

    private void currentExited(Generation g, ExitStatus status, List<String> tail) {
        switch (state) {
            case STARTING -> startFailed(g, status, tail);
            case RUNNING, RELOADING -> {
                if (status.clean() && g.stopAskedAt == 0) {
                    retire(next, "its site was stopped");
                    next = null;
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
        escalate(current, now);
        escalate(next, now);
        retiring.forEach(g -> escalate(g, now));
        long timeout = config == null ? 0 : config.startTimeout().toNanos();
        if (state == STARTING && current != null && !current.killed && now - current.spawnedAt > timeout) {
            lastError = current + " was not accepting requests after " + config.startTimeout().toSeconds() + " s; killed";
            kill(current);
        }
        if (next != null && !next.killed && now - next.spawnedAt > timeout) {
            kill(next);
        }
        if (state == BACKOFF && now >= retryAt) {
            spawnCurrent("retrying after backoff");
        }
        if (state == RUNNING && current != null && current.accepting() && now - current.acceptingAt > daemon.stableAfter().toNanos()) {
            backoff.reset();
        }
    }

    private void escalate(Generation g, long now) {
        if (g != null && g.stopAskedAt != 0 && !g.killed && now - g.stopAskedAt > config.mercy().toNanos()) {
            LOG.warn("{} - {} did not stop within its mercy time ({} s): killing its process group", name, g, config.mercy().toSeconds());
            kill(g);
        }
    }

    // ---- the mechanics ----

    private void spawnCurrent(String why) {
        if (config == null) {
            transition(FATAL, lastError == null ? "no valid site file" : lastError);
            return;
        }
        try {
            resources.acquire(config);
        } catch (OsException e) {
            fatal(e.getMessage());
            return;
        }
        Generation g = spawn();
        if (g == null) {
            scheduleRetry("spawn failed: " + lastError);
            return;
        }
        current = g;
        try {
            writePidFiles(g);
        } catch (OsException e) {
            kill(g);
            fatal("cannot write its pid file: " + e.getMessage());
            return;
        }
        transition(STARTING, why + "; spawned " + g);
    }

    private void spawnNext(String why) {
        try {
            resources.acquire(config);
        } catch (OsException e) {
            lastError = "reload failed: " + e.getMessage();
            LOG.error("{} - {}; the current generation keeps serving", name, lastError);
            return;
        }
        Generation g = spawn();
        if (g == null) {
            LOG.error("{} - reload failed: {}; the current generation keeps serving", name, lastError);
            return;
        }
        next = g;
        transition(RELOADING, why + "; spawned " + g);
    }

    private Generation spawn() {
        try {
            int pid = kernel.spawn(launcher.prepare(config, resources.sockets(), resources.log()));
            return new Generation(++generations, pid, kernel.nanoTime());
        } catch (OsException e) {
            lastError = e.getMessage();
            return null;
        }
    }

    private void writePidFiles(Generation g) throws OsException {
        resources.writePidFiles(config, g.pid);
        pidFilePid = g.pid;
    }

    private void promote(long now) {
        Generation old = current;
        current = next;
        next = null;
        current.acceptingAt = now;
        try {
            writePidFiles(current);
        } catch (OsException e) {
            LOG.error("{} - cannot write its pid file: {}", name, e.getMessage());
        }
        retire(old, "replaced by " + current);
        transition(RUNNING, current + " accepting after " + millis(now - current.spawnedAt) + " ms; retiring " + old);
    }

    private void reloadFailed(Generation g, ExitStatus status, List<String> tail) {
        lastError = "reload failed: " + g + " " + status + " before accepting requests" + lastLines(tail);
        LOG.error("{} - {}; {} keeps serving", name, lastError, current);
        if (state == RELOADING) {
            transition(RUNNING, "reload failed, kept " + current);
        }
    }

    private void startFailed(Generation g, ExitStatus status, List<String> tail) {
        lastError = g + " " + status + " before accepting requests" + lastLines(tail);
        if (status.code() == 1) {
            fatal("uWSGI refused the configuration (" + status + ")" + lastLines(tail) + "; fix the site file, it is retried when it changes");
        } else {
            scheduleRetry(lastError);
        }
    }

    private void crashed(Generation g, ExitStatus status, List<String> tail) {
        restarts++;
        lastError = g + " " + status + lastLines(tail);
        retire(next, "the current generation crashed");
        next = null;
        scheduleRetry(g + " crashed (" + status + ")");
    }

    private void scheduleRetry(String why) {
        long delay = backoff.fail();
        if (delay == 0) {
            spawnCurrent(why + "; respawning at once");
            return;
        }
        retryAt = kernel.nanoTime() + delay;
        transition(BACKOFF, why + "; failure " + backoff.failures() + " in a row, retrying in " + TimeUnit.NANOSECONDS.toSeconds(delay) + " s");
    }

    private void fatal(String why) {
        lastError = why;
        transition(FATAL, why);
        if (!alive()) {
            resources.release(false);
        }
    }

    private void stopped(String why) {
        if (pidFilePid != 0) {
            resources.removePidFiles(config, pidFilePid);
            pidFilePid = 0;
        }
        resources.release(config != null && config.vacuum());
        backoff.reset();
        transition(STOPPED, why);
        if (startWhenStopped) {
            startWhenStopped = false;
            start("starting again after the stop");
        }
    }

    private void retire(Generation g, String why) {
        if (g != null) {
            LOG.info("{} - asking {} to stop: {}", name, g, why);
            askStop(g);
            retiring.add(g);
        }
    }

    private void askStop(Generation g) {
        if (g != null && g.stopAskedAt == 0) {
            g.stopAskedAt = kernel.nanoTime();
            if (!kernel.emperor(g.pid, EMPEROR_STOP)) {
                kernel.killGroup(g.pid, Signals.INT);
            }
        }
    }

    private void kill(Generation g) {
        g.killed = true;
        if (g.stopAskedAt == 0) {
            g.stopAskedAt = kernel.nanoTime();
        }
        kernel.killGroup(g.pid, Signals.KILL);
    }

    private void transition(SiteState to, String why) {
        if (!state.canBecome(to)) {
            throw new IllegalStateException(name + " - " + state + " -> " + to + " is not a transition (" + why + ")");
        }
        LOG.info("{} - {} -> {} ({})", name, state, to, why);
        state = to;
        stateSince = kernel.nanoTime();
    }

    private Generation find(int pid) {
        if (current != null && current.pid == pid) {
            return current;
        }
        if (next != null && next.pid == pid) {
            return next;
        }
        return retiring.stream().filter(g -> g.pid == pid).findFirst().orElse(null);
    }

    private static String lastLines(List<String> tail) {
        List<String> last = tail.subList(Math.max(0, tail.size() - 5), tail.size());
        return last.isEmpty() ? "" : "; its last output: " + String.join(" | ", last);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    // ---- what others may read ----

    public boolean alive() {
        return current != null || next != null || !retiring.isEmpty();
    }

    /** Every pid of a generation of this site that has not been reaped yet. */
    public List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        if (current != null) {
            pids.add(current.pid);
        }
        if (next != null) {
            pids.add(next.pid);
        }
        retiring.forEach(g -> pids.add(g.pid));
        return pids;
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

    public ExitStatus lastExit() {
        return lastExit;
    }

    public int restarts() {
        return restarts;
    }

    public int generation() {
        return current == null ? generations : current.number;
    }

    public int pid() {
        return current == null ? 0 : current.pid;
    }

    /** Nanoseconds (of the kernel's clock) when the site entered its state; with BACKOFF, when it retries. */
    public long stateSince() {
        return stateSince;
    }

    public long retryAt() {
        return retryAt;
    }
}
