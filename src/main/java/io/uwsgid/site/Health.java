package io.uwsgid.site;

import static io.uwsgid.site.Lifecycle.Event.IDLE_DUE;
import static io.uwsgid.site.Lifecycle.Event.RELOAD;
import static io.uwsgid.status.SiteState.RUNNING;

import io.uwsgid.site.Lifecycle.Occurrence;
import io.uwsgid.status.StatsReading;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link Site} makes of what the health watch found for its serving generation: an
 * on-demand site without a request for its {@code idle} time stops back to IDLE; a generation
 * that has stopped serving for its {@code health-timeout} (see {@link Liveness}) is recorded as
 * hung and replaced.
 */
final class Health {
    private final Site site;
    private final Liveness liveness = new Liveness();

    Health(Site site) {
        this.site = site;
    }

    /** The event the reading makes, if any: IDLE_DUE, or the RELOAD that replaces a hung generation. */
    Optional<Occurrence> read(StatsReading reading) {
        int generation = reading.generation();
        Generation g = site.gens.current;
        Duration timeout = site.config == null ? Duration.ZERO : site.config.own().healthTimeout();
        if (site.state() != RUNNING || g == null || g.number != generation || !g.accepting()) {
            liveness.reset();
            site.onDemand.reset();
            return Optional.empty();
        }
        if (site.onDemand.idleFor(site.config, generation, reading.stats())) {
            return Optional.of(Occurrence.of(IDLE_DUE, "no request for " + site.config.own().idle().toSeconds() + " s (idle)"));
        }
        if (timeout.isZero()) {
            return Optional.empty();
        }
        Optional<String> hung = liveness.observe(reading, site.kernel.nanoTime(), timeout);
        hung.ifPresent(why -> {
            site.lastError = g + " hung: " + why;
            Site.LOG.error("{} - {} stopped answering: {}; replacing it", site.name, g, why);
            site.counters.hung();
            g.hung = true;
        });
        return hung.map(why -> Occurrence.of(RELOAD, g + " stopped answering"));
    }
}
