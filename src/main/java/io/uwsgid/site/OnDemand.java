package io.uwsgid.site;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.ListeningSocket;
import io.uwsgid.os.OsException;
import io.uwsgid.status.SiteUsage;
import java.util.List;

/**
 * An on-demand site ({@code on-demand = true}): while IDLE its sockets are bound and the kernel's
 * poller watches them for a waiting connection, which starts it (the connection waits in the
 * listen queue meanwhile); while it runs, the request counter of its stats server tells when it
 * has had no request for its {@code idle} time, and it stops back to IDLE, its sockets kept.
 */
final class OnDemand {
    private final String site;
    private final Kernel kernel;
    private final Holdings holdings;
    private List<ListeningSocket> watched = List.of();
    private boolean parkWhenStopped;
    private int generation;
    private long lastRequests, quietSince;

    OnDemand(String site, Kernel kernel, Holdings holdings) {
        this.site = site;
        this.kernel = kernel;
        this.holdings = holdings;
    }

    /** Binds the site's sockets (or keeps those it holds) and has the poller watch them. */
    void park(SiteConfig config, Generations gens) throws OsException {
        parkWhenStopped = false;
        unwatch();
        if (!holdings.lostSockets().isEmpty()) {
            holdings.releaseActive(false); // its file was removed or replaced: nobody reaches it; bind anew
        }
        watched = holdings.forStart(config, gens).sockets();
        kernel.awaitConnection(site, watched);
    }

    /** Leaving IDLE: the poller stops watching (it already has if a connection woke the site). */
    void unwatch() {
        if (!watched.isEmpty()) {
            kernel.stopAwaiting(watched);
            watched = List.of();
        }
    }

    void parkWhenStopped() {
        parkWhenStopped = true;
    }

    void cancelPark() {
        parkWhenStopped = false;
    }

    /** Whether the stop that just ended was an idle stop (and so the site parks); clears it. */
    boolean parkingAfterStop() {
        boolean park = parkWhenStopped;
        parkWhenStopped = false;
        return park;
    }

    String describe() {
        return "waiting for a connection on " + watched.stream().map(ListeningSocket::address).toList();
    }

    void reset() {
        generation = 0;
    }

    /**
     * One reading of the serving generation's stats: true once it has handled no request, had no
     * busy worker and nothing queued, for the site's {@code idle} time.
     */
    boolean idleFor(SiteConfig config, int gen, SiteUsage.Stats stats) {
        if (!config.own().onDemand() || config.own().idle().isZero() || stats == null) {
            return false;
        }
        long now = kernel.nanoTime();
        if (gen != generation || stats.requests() != lastRequests || stats.busyWorkers() > 0 || stats.listenQueue() > 0) {
            generation = gen;
            lastRequests = stats.requests();
            quietSince = now;
            return false;
        }
        return now - quietSince >= config.own().idle().toNanos() && nothingQueued();
    }

    /** Checked again right before the stop: the stats reading may be a second old, a connection a moment. */
    private boolean nothingQueued() {
        Resources res = holdings.active();
        return res == null || res.sockets().stream().allMatch(kernel::queueEmpty);
    }
}
