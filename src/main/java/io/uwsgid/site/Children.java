package io.uwsgid.site;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.OsException;
import io.uwsgid.os.SiteCgroup;
import io.uwsgid.os.Signals;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's uWSGI processes as the kernel sees them: spawning a generation, its pid files, the
 * graceful stop (after the settle time), the kill past the mercy time, and the workers a killed
 * master leaves behind. {@link Site} decides when; this class knows how.
 */
final class Children {
    private static final Logger LOG = LoggerFactory.getLogger(Children.class);
    private static final Pattern ERROR_LINE = Pattern.compile(
            "!!!|[Ee]rror|UNABLE|[Uu]nable|[Ff]ailed|No such file|[Pp]ermission denied|[Tt]raceback|GAME OVER");

    /** How often a draining generation's sockets are checked for queued connections. */
    static final Duration DRAIN_POLL = Duration.ofMillis(50);
    private final String site;
    private final Kernel kernel;
    private final Generations gens;
    private final Confinement confinement;
    private Duration settleTime;

    Children(String site, Kernel kernel, Generations gens, Duration settleTime) {
        this.site = site;
        this.kernel = kernel;
        this.gens = gens;
        this.settleTime = settleTime;
        this.confinement = new Confinement(site, kernel);
    }

    void setSettleTime(Duration settleTime) {
        this.settleTime = settleTime;
    }

    Generation spawn(Launcher launcher, SiteConfig config, Resources res) throws OsException {
        SiteCgroup cg = confinement.create(launcher.daemon(), config, gens.lastNumber() + 1);
        int pid;
        try {
            pid = kernel.spawn(Confinement.wrap(launcher.prepare(config, res.sockets(), res.log(), gens.lastNumber() + 1, gens.numbers()), cg));
        } catch (OsException e) {
            confinement.finish(cg);
            throw e;
        }
        Generation g = new Generation(gens.nextNumber(), pid, kernel.nanoTime(), res);
        g.cgroup = cg;
        return g;
    }

    /** Once a tick: cgroups of ended generations that still held a process are emptied and removed. */
    void sweep() {
        confinement.sweep();
    }

    /** Points the pid files at {@code g}; files of an earlier config the new one no longer names are removed. */
    void writePidFiles(Generation g, List<Path> pidFiles) throws OsException {
        for (Path p : pidFiles) {
            kernel.writeFile(p, g.pid + "\n", 0644, 0, 0);
        }
        gens.pidFiles.stream().filter(p -> !pidFiles.contains(p)).forEach(p -> kernel.removePidFile(p, gens.pidFilePid));
        gens.pidFilePid = g.pid;
        gens.pidFiles = List.copyOf(pidFiles);
    }

    /** Removes the pid files written, each only while it still names the pid this site wrote into it. */
    void removePidFiles() {
        gens.pidFiles.forEach(p -> kernel.removePidFile(p, gens.pidFilePid));
        gens.pidFilePid = 0;
        gens.pidFiles = List.of();
    }

    /**
     * Sends the graceful stop, or defers it until the generation has run for the settle time:
     * uWSGI misses a stop that arrives while its master still sets up a worker (seen in the
     * soak: the worker kept serving until the mercy kill), so a generation never gets one younger.
     */
    void askStop(Generation g) {
        if (g == null || g.stopAskedAt != 0) {
            return;
        }
        long now = kernel.nanoTime();
        long settled = Math.max(g.spawnedAt, g.acceptingAt) + settleTime.toNanos();
        if (now < settled) {
            g.retireAt = Math.max(g.retireAt, settled);
            return;
        }
        g.stopAskedAt = now;
        if (!kernel.emperor(g.pid, Site.EMPEROR_STOP)) {
            kernel.killGroup(g.pid, Signals.INT);
        }
    }

    /** Asks {@code g} to stop and keeps it among the retiring until it has exited. */
    void retire(Generation g, String why) {
        if (g != null) {
            LOG.info("{} - asking {} to stop: {}", site, g, why);
            askStop(g);
            gens.retiring.add(g);
        }
    }

    /**
     * The next generation accepts and becomes the current one: its staged sockets are moved into
     * place (if that fails, nothing else changes), the pid files name it, and the one it replaces
     * retires (see {@link #handOver}).
     */
    void takeOver(Generation fresh, List<Path> pidFiles, Duration moveGrace) throws OsException {
        if (fresh.resources.staged()) {
            fresh.resources.publish();
        }
        long now = kernel.nanoTime();
        Generation old = gens.current;
        gens.current = fresh;
        gens.next = null;
        fresh.acceptingAt = now;
        try {
            writePidFiles(fresh, pidFiles);
        } catch (OsException e) {
            LOG.error("{} - cannot write its pid file: {}", site, e.getMessage());
        }
        handOver(old, fresh, now, moveGrace);
    }

    /**
     * {@code fresh} took over from {@code old}. Where fresh's sockets replaced old's at their
     * paths, nobody can connect to old any more: it is asked to stop once it has accepted every
     * connection still queued (uWSGI's graceful worker stop would drop one accepted in the same
     * instant). Where they moved to other addresses, old serves its own for {@code moveGrace}
     * while clients move. Shared sockets: old is asked to stop now.
     */
    private void handOver(Generation old, Generation fresh, long now, Duration moveGrace) {
        boolean moved = old.resources != fresh.resources;
        if (moved && old.resources.replacedBy(fresh.resources)) {
            old.drainingSince = now;
            old.retireAt = now + DRAIN_POLL.toNanos();
            gens.retiring.add(old);
            LOG.info("{} - {} takes no new connections (its sockets now reach {}); asking it to stop once their queues are empty",
                    site, old, fresh);
        } else if (moved && !old.resources.lost()) {
            old.retireAt = now + moveGrace.toNanos();
            gens.retiring.add(old);
            LOG.info("{} - {} keeps serving {} for {} s while clients move to {}", site, old, old.resources.describeSockets(),
                    moveGrace.toSeconds(), fresh.resources.describeSockets());
        } else {
            retire(old, "replaced by " + fresh);
        }
    }

    void kill(Generation g) {
        g.killed = true;
        if (g.stopAskedAt == 0) {
            g.stopAskedAt = kernel.nanoTime();
        }
        kernel.killGroup(g.pid, Signals.KILL);
        confinement.kill(g.cgroup);
    }

    /**
     * A deferred stop that is due now goes out (for a draining generation, once its sockets'
     * queues are empty, or past its mercy time); a stop unheeded past the mercy time becomes a kill.
     */
    void escalate(Generation g, long now, Duration mercy) {
        if (g.retireAt != 0 && now >= g.retireAt && g.stopAskedAt == 0 && !g.killed) {
            if (g.drainingSince != 0 && !g.resources.drained() && now - g.drainingSince <= mercy.toNanos()) {
                g.retireAt = now + DRAIN_POLL.toNanos();
                return;
            }
            LOG.info("{} - asking {} to stop now ({})", site, g, g.drainingSince == 0 ? "deferred: sockets moved, or it had only just started"
                    : g.resources.drained() ? "no connection is queued for it" : "connections are still queued for it after its mercy time");
            askStop(g);
        }
        if (g.stopAskedAt != 0 && !g.killed && now - g.stopAskedAt > mercy.toNanos()) {
            LOG.warn("{} - {} did not stop within its mercy time ({} s): killing its process group", site, g, mercy.toSeconds());
            kill(g);
        }
    }

    /**
     * The generation's master has been reaped. A uWSGI master killed under load leaves workers in
     * the middle of requests: they get uWSGI's graceful worker stop (SIGHUP: finish the request,
     * take no other) instead of SIGKILL, and the generation's pipes and sockets stay until they are gone.
     */
    void masterExited(Generation g) {
        if (!g.killed && kernel.groupAlive(g.pid)) {
            kernel.killGroup(g.pid, Signals.HUP);
            g.orphanedAt = kernel.nanoTime();
            gens.orphaned.add(g);
            LOG.info("{} - {} has exited; letting its remaining workers finish their requests", site, g);
            return;
        }
        kernel.killGroup(g.pid, Signals.KILL);
        confinement.finish(g.cgroup);
        kernel.release(g.pid);
    }

    /** The orphaned generations whose last worker has exited now; those past their mercy time are killed. */
    List<Generation> reapOrphans(long now, Duration mercy) {
        List<Generation> gone = new ArrayList<>();
        for (Generation g : List.copyOf(gens.orphaned)) {
            if (!kernel.groupAlive(g.pid)) {
                gens.orphaned.remove(g);
                confinement.finish(g.cgroup);
                kernel.release(g.pid);
                gone.add(g);
                LOG.info("{} - the last workers of {} have exited", site, g);
            } else if (!g.killed && now - g.orphanedAt > mercy.toNanos()) {
                LOG.warn("{} - workers of {} did not finish within its mercy time ({} s): killing its process group",
                        site, g, mercy.toSeconds());
                g.killed = true;
                kernel.killGroup(g.pid, Signals.KILL);
                confinement.kill(g.cgroup);
            }
        }
        return gone;
    }

    /** The lines of a dying child's output that say why: uWSGI's error lines first, then its very last line. */
    static String lastLines(List<String> tail) {
        List<String> why = new ArrayList<>(tail.stream().filter(l -> ERROR_LINE.matcher(l).find()).toList());
        if (!tail.isEmpty() && !why.contains(tail.get(tail.size() - 1))) {
            why.add(tail.get(tail.size() - 1));
        }
        List<String> last = why.subList(Math.max(0, why.size() - 5), why.size());
        return last.isEmpty() ? "" : "; its last output: " + String.join(" | ", last);
    }
}
