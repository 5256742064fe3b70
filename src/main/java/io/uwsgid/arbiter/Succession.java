package io.uwsgid.arbiter;

import io.uwsgid.control.ExitCodes;
import io.uwsgid.control.Reply;
import io.uwsgid.handover.Handover;
import io.uwsgid.os.Handoff;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.LogSink;
import io.uwsgid.os.OsException;
import io.uwsgid.site.Site;
import io.uwsgid.site.SiteHandoff;
import io.uwsgid.status.SiteState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * uwsgid handing its running sites to the next uwsgid without stopping them, and taking over
 * what the one before handed to it. Two roads: {@code uwsgictl upgrade} execs the daemon in place
 * (same pid: the uWSGI masters stay its children), and systemd's restart keeps the descriptors in
 * its store for the next main process. A site that is starting or reloading is waited for, at most
 * {@link #SETTLE}; one still unsettled then is stopped as on a plain stop.
 */
final class Succession {
    private static final Logger LOG = LoggerFactory.getLogger(Succession.class);
    static final long SETTLE = TimeUnit.SECONDS.toNanos(10);
    /** Time for the upgrade's reply to reach uwsgictl before the exec closes the connection. */
    private static final long REPLY_GRACE_MILLIS = 50;

    enum Road { EXEC, FD_STORE }

    private final Kernel kernel;
    private final Map<String, SiteHandoff> adoptable;
    private final boolean ownChildren;
    /** Handed-over generations whose site is gone: asked to stop, watched until they have exited. */
    private final List<Integer> dismissed = new ArrayList<>();
    private Road road;
    private CompletableFuture<Reply> reply;
    private long deadline;

    Succession(Kernel kernel, Handover.Received received) {
        this.kernel = kernel;
        this.adoptable = new HashMap<>(received.sites());
        this.ownChildren = received.ownChildren();
    }

    // ---- taking over ----

    /** What became of a site's handed-over generation. */
    enum Adoption { NONE, TAKEN, TAKEN_FILE_CHANGED }

    /** Takes over the generation handed over for {@code site}, if there is one; NONE when the site starts afresh. */
    Adoption adopt(Site site) {
        SiteHandoff h = adoptable.remove(site.name());
        if (h == null) {
            return Adoption.NONE;
        }
        if (site.config() == null) {
            dismiss(h, "its file is not valid now");
            return Adoption.NONE;
        }
        if (!site.handingOver().adopt(h, ownChildren)) {
            return Adoption.NONE;
        }
        if (h.options().equals(site.config().optionPairs())) {
            return Adoption.TAKEN;
        }
        LOG.info("{} - its file changed while uwsgid restarted: reloading onto it", site.name());
        return Adoption.TAKEN_FILE_CHANGED;
    }

    /** After the first scan: what no site took is asked to stop, and its sockets closed. */
    void dismissUnclaimed() {
        new ArrayList<>(adoptable.values()).forEach(h -> dismiss(h, "its file is gone"));
        adoptable.clear();
    }

    private void dismiss(SiteHandoff h, String why) {
        LOG.warn("{} - asking the handed-over generation {} (pid {}) to stop: {}", h.site(), h.generation(), h.pid(), why);
        kernel.adopt(h.pid(), h.pipes(), LogSink.console(h.site()), ownChildren);
        h.sockets().forEach(s -> kernel.closeSocket(s, false));
        if (!kernel.emperor(h.pid(), 2)) {
            kernel.killGroup(h.pid(), io.uwsgid.os.Signals.INT);
        }
        dismissed.add(h.pid());
    }

    /** On every turn: releases dismissed generations that have exited. */
    void reapDismissed() {
        dismissed.removeIf(pid -> kernel.reap(pid).map(status -> {
            kernel.release(pid);
            return true;
        }).orElse(false));
    }

    // ---- handing over ----

    boolean handingOver() {
        return road != null;
    }

    Road road() {
        return road;
    }

    /** Starts a hand-over by {@code road}; {@code reply} (may be null) answers the operator who asked. */
    Optional<String> request(Road road, CompletableFuture<Reply> reply, long now) {
        if (this.road != null) {
            return Optional.of("a hand-over to a new uwsgid is already under way");
        }
        this.road = road;
        this.reply = reply;
        this.deadline = now + SETTLE;
        LOG.info("handing every running site over to the next uwsgid ({}), once no site is starting or reloading",
                road == Road.EXEC ? "uwsgictl upgrade: uwsgid execs itself" : "systemd restart: through its file descriptor store");
        return Optional.empty();
    }

    /** Whether the hand-over may go now: every site settled, or the wait is over. */
    boolean due(List<Site> sites, long now) {
        return road != null && (now >= deadline || sites.stream().allMatch(Succession::settled));
    }

    private static boolean settled(Site s) {
        return s.state() != SiteState.RUNNING ? !SiteState.ALIVE.contains(s.state()) : s.handingOver().ready();
    }

    /**
     * Hands every settled site over. By exec, this returns only if the exec failed (every site
     * then goes on here); by the fd store, it returns the sites handed over, which this process
     * must leave alone from now on.
     */
    List<String> handOver(List<Site> sites) {
        List<SiteHandoff> handoffs = new ArrayList<>();
        sites.forEach(s -> s.handingOver().handOff().ifPresent(handoffs::add));
        Map<String, Integer> fds;
        try {
            fds = Handover.pack(handoffs, ProcessHandle.current().pid());
        } catch (OsException e) {
            return failed(sites, handoffs, "cannot write the hand-over state: " + e.getMessage());
        }
        if (road == Road.FD_STORE) {
            return store(sites, handoffs, fds);
        }
        if (reply != null) {
            reply.complete(Reply.error(ExitCodes.OK, "handing " + handoffs.size() + " running sites over to a new uwsgid (exec in place)"));
            sleep(REPLY_GRACE_MILLIS);
        }
        LOG.info("exec: a new uwsgid takes over {} sites", handoffs.size());
        kernel.quiesce();
        OsException e = Handoff.exec(fds, System.getenv());
        kernel.resume();
        Handoff.close(fds.get("state"));
        return failed(sites, handoffs, e.getMessage());
    }

    /** The state goes last (names sort digits first): a store cut short holds no state, and the next uwsgid closes what it got. */
    private List<String> store(List<Site> sites, List<SiteHandoff> handoffs, Map<String, Integer> fds) {
        String socket = System.getenv("NOTIFY_SOCKET");
        int stored = 0;
        try {
            stored = socket == null ? 0 : Handoff.store(socket, new LinkedHashMap<>(fds));
        } catch (OsException e) {
            LOG.error("cannot reach systemd's file descriptor store: {}", e.getMessage());
        }
        Handoff.close(fds.get("state"));
        if (stored < fds.size()) {
            return failed(sites, handoffs, "systemd took " + stored + " of " + fds.size() + " descriptors (is FileDescriptorStoreMax= set?)");
        }
        LOG.info("handed {} running sites to systemd's file descriptor store for the next uwsgid", handoffs.size());
        return handoffs.stream().map(SiteHandoff::site).toList();
    }

    private List<String> failed(List<Site> sites, List<SiteHandoff> handoffs, String why) {
        LOG.error("the hand-over failed ({}); this uwsgid goes on with every site", why);
        for (SiteHandoff h : handoffs) {
            sites.stream().filter(s -> s.name().equals(h.site())).findFirst().ifPresent(s -> s.handingOver().keep(h));
        }
        if (reply != null && !reply.isDone()) {
            reply.complete(Reply.error(ExitCodes.FAILED, "upgrade failed: " + why));
        }
        road = null;
        return List.of();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
