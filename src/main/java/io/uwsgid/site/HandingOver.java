package io.uwsgid.site;

import static io.uwsgid.site.Lifecycle.Event.ADOPTED;
import static io.uwsgid.status.SiteState.RUNNING;

import io.uwsgid.os.OsException;
import io.uwsgid.os.Signals;
import io.uwsgid.site.Lifecycle.Occurrence;
import java.util.Optional;

/**
 * {@link Site}'s side of a uwsgid restart ({@link SiteHandoff}): its serving generation handed to
 * the next uwsgid, watched again if that hand-over did not happen, and a generation handed over
 * by the uwsgid before checked and taken on.
 */
public final class HandingOver {
    private final Site site;

    HandingOver(Site site) {
        this.site = site;
    }

    /**
     * The site's serving generation for the next uwsgid, when it is settled (see {@link #ready()});
     * its pipes are no longer read from here on.
     */
    public Optional<SiteHandoff> handOff() {
        if (!ready()) {
            return Optional.empty();
        }
        Generation g = site.gens.current;
        return Optional.of(new SiteHandoff(site.name, g.number, g.pid, site.kernel.detach(g.pid), g.resources.sockets(),
                site.config.optionPairs()));
    }

    /** RUNNING with no generation alive but the serving one. */
    public boolean ready() {
        return site.state() == RUNNING && site.gens.all().size() == 1 && site.gens.orphaned.isEmpty();
    }

    /** A hand-over that did not happen (the exec failed): the site's pipes are watched again. */
    public void keep(SiteHandoff h) {
        if (site.gens.current != null && site.gens.current.pid == h.pid()) {
            site.kernel.adopt(h.pid(), h.pipes(), site.gens.current.resources.log(), true);
        }
    }

    /**
     * Takes over the generation an earlier uwsgid handed over: its processes are checked as after a
     * spawn, then it serves on as the site's current generation. Returns false (having killed it
     * when it could not be trusted) if it was not taken; the site then starts as usual.
     */
    public boolean adopt(SiteHandoff h, boolean ownChild) {
        Optional<Generation> taken = take(h, ownChild);
        taken.ifPresent(g -> site.on(Occurrence.about(ADOPTED, g)));
        return taken.isPresent();
    }

    /** The handed-over generation, now the site's current one; empty if it was not taken. */
    private Optional<Generation> take(SiteHandoff h, boolean ownChild) {
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
