package io.uwsgid.site;

import io.uwsgid.os.OsException;
import io.uwsgid.os.Signals;
import java.util.Optional;

/**
 * {@link Site}'s side of a uwsgid restart ({@link SiteHandoff}): its serving generation handed to
 * the next uwsgid, watched again if that hand-over did not happen, and a generation handed over
 * by the uwsgid before checked and taken on.
 */
final class HandingOver {
    private final Site site;

    HandingOver(Site site) {
        this.site = site;
    }

    Optional<SiteHandoff> handOff() {
        if (!site.handOffReady()) {
            return Optional.empty();
        }
        Generation g = site.gens.current;
        return Optional.of(new SiteHandoff(site.name, g.number, g.pid, site.kernel.detach(g.pid), g.resources.sockets(),
                site.config.optionPairs()));
    }

    void keep(SiteHandoff h) {
        if (site.gens.current != null && site.gens.current.pid == h.pid()) {
            site.kernel.adopt(h.pid(), h.pipes(), site.gens.current.resources.log(), true);
        }
    }

    /** The handed-over generation, now the site's current one; empty if it was not taken. */
    Optional<Generation> adopt(SiteHandoff h, boolean ownChild) {
        Resources res = new Resources(site.kernel);
        try {
            res.adopt(site.config, h.sockets());
        } catch (OsException e) {
            Site.LOG.error("{} - cannot take over generation {} (pid {}): {}; killing it", site.name, h.generation(), h.pid(), e.getMessage());
            site.kernel.killGroup(h.pid(), Signals.KILL);
            return Optional.empty();
        }
        site.kernel.adopt(h.pid(), h.pipes(), res.log(), ownChild);
        site.gens.continueFrom(h.generation());
        Generation g = new Generation(h.generation(), h.pid(), site.kernel.nanoTime(), res);
        // Its workers were checked when it was spawned; the master alone tells that the pid is still it, as it was.
        Optional<String> breach = Identities.breach(site.config.identity(), site.kernel.identity(h.pid()));
        if (breach.isPresent()) {
            Site.LOG.error("{} - security: the handed-over {} does not run as its file says: {}; killed", site.name, g, breach.get());
            site.counters.refused();
            site.children.kill(g);
            site.gens.retiring.add(g);
            return Optional.empty();
        }
        g.acceptingAt = g.spawnedAt;
        site.gens.current = g;
        site.holdings.adopt(res);
        try {
            site.children.writePidFiles(g, site.config.pidFiles());
        } catch (OsException e) {
            Site.LOG.error("{} - cannot write its pid file: {}", site.name, e.getMessage());
        }
        return Optional.of(g);
    }
}
