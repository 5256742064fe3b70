package io.uwsgid.site;

import static io.uwsgid.status.SiteState.IDLE;
import static io.uwsgid.status.SiteState.RUNNING;

import io.uwsgid.os.OsException;
import java.util.List;

/**
 * A site's chores beside its state machine, run by the arbiter for every site: its socket files
 * checked now and then, its log file reopened after logrotate.
 */
public final class Upkeep {
    private final Site site;

    Upkeep(Site site) {
        this.site = site;
    }

    /**
     * Binds the socket again if its file was removed or replaced under a running site: a new
     * generation on a new socket at the same path; the old one retires (nothing can reach it).
     */
    public void checkSockets() {
        List<String> gone = site.state() == RUNNING || site.state() == IDLE ? site.holdings.lostSockets() : List.of();
        if (!gone.isEmpty()) {
            Site.LOG.warn("{} - its socket {} was removed or replaced; binding it again", site.name, gone);
            site.reload("its socket file was lost");
        }
    }

    /** After logrotate moved it: the site's log file opened again at its path; a failure becomes the site's last error. */
    public void reopenLog() {
        try {
            if (site.holdings.reopenLog()) {
                Site.LOG.info("{} - reopened its log file", site.name);
            }
        } catch (OsException e) {
            site.lastError = e.getMessage();
            Site.LOG.error("{} - cannot reopen its log: {}", site.name, e.getMessage());
        }
    }
}
