package io.uwsgid.site;

import static io.uwsgid.status.SiteState.BACKOFF;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.status.SiteStatus;

/** What status and metrics show of a {@link Site}: one consistent picture, taken at one instant. */
final class StatusView {
    private StatusView() {}

    static SiteStatus of(Site site) {
        long now = site.kernel.nanoTime();
        Generation cur = site.gens.current;
        SiteConfig config = site.config;
        long up = cur != null && cur.accepting() ? now - cur.acceptingAt : -1;
        long retry = site.state() == BACKOFF ? Math.max(0, site.retryAt - now) : -1;
        return new SiteStatus(site.name, site.state(), cur == null ? 0 : cur.pid, cur == null ? site.gens.lastNumber() : cur.number, up,
                now - site.stateSince, retry, site.lastExit, site.lastError, site.counters.snapshot(), site.holdings.sockets(),
                config == null ? null : config.file(), site.pids(), null, site.watch());
    }
}
