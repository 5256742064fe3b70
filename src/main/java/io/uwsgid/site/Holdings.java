package io.uwsgid.site;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.OsException;
import java.util.List;

/**
 * Which {@link Resources} a site holds: the active ones that new generations get, and when older
 * ones, which a reload or a changed file replaced, are let go.
 */
final class Holdings {
    private final Kernel kernel;
    private Resources active;

    Holdings(Kernel kernel) {
        this.kernel = kernel;
    }

    Resources active() {
        return active;
    }

    /**
     * The active resources if they still fit {@code site}, else newly bound ones, which become
     * active; the ones they replace are closed unless a live generation still holds them.
     */
    Resources forStart(SiteConfig site, Generations gens) throws OsException {
        if (active == null || !active.fits(site)) {
            Resources old = active;
            active = acquire(site, false);
            release(old, gens, true, false);
        }
        return active;
    }

    /**
     * The resources of a reload's generation: fresh unix sockets at the same paths, staged until
     * it accepts (then the generation it replaces gets no new connection); the active ones,
     * shared, when a socket cannot be replaced by renaming (TCP) and nothing changed.
     */
    Resources forReload(SiteConfig site) throws OsException {
        return !Resources.movable(site) && active != null && active.fits(site) ? active : acquire(site, true);
    }

    private Resources acquire(SiteConfig site, boolean staged) throws OsException {
        Resources fresh = new Resources(kernel);
        if (staged) {
            fresh.acquireStaged(site);
        } else {
            fresh.acquire(site);
        }
        return fresh;
    }

    /** Adopted from an earlier uwsgid: these are what new generations get. */
    void adopt(Resources inherited) {
        active = inherited;
    }

    /** A reload's generation took over: its resources are the active ones now. */
    void promote(Resources fresh) {
        active = fresh;
    }

    /**
     * Closes {@code res} unless a live generation holds it or, when it is the active set, the site
     * still wants it ({@code keepActive}). Superseded sockets are removed; the active ones only with vacuum.
     */
    void release(Resources res, Generations gens, boolean keepActive, boolean vacuum) {
        if (res == null || gens.uses(res) || res == active && keepActive) {
            return;
        }
        res.release(res != active || vacuum);
        if (res == active) {
            active = null;
        }
    }

    /** The site is stopped: nothing alive holds the active resources any more. */
    void releaseActive(boolean vacuum) {
        if (active != null) {
            active.release(vacuum);
            active = null;
        }
    }

    List<String> sockets() {
        return active == null ? List.of() : active.describeSockets();
    }

    /** Socket paths of the active set whose file was removed or replaced. */
    List<String> lostSockets() {
        return active == null ? List.of() : active.lostSockets();
    }

    boolean reopenLog() throws OsException {
        return active != null && active.reopenLog();
    }
}
