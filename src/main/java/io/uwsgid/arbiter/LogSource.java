package io.uwsgid.arbiter;

import io.uwsgid.control.ExitCodes;
import io.uwsgid.control.Reply;
import io.uwsgid.control.Request;
import io.uwsgid.os.LogFeed;
import io.uwsgid.site.Site;
import java.util.List;
import java.util.Optional;

/**
 * On the loop thread: where {@code uwsgictl logs SITE} reads. The loop only names the source (the
 * site's log file, or its console output); the control server's own threads do the reading, so a
 * slow reader never reaches the loop.
 */
final class LogSource {
    private LogSource() {}

    /** The reply that starts the stream; empty when the site is unknown. */
    static Optional<Reply> of(Arbiter arbiter, Request r) {
        if (r.all() || r.sites().size() != 1) {
            return Optional.of(Reply.error(ExitCodes.USAGE, "logs takes exactly one site name"));
        }
        Site site = arbiter.site(r.sites().get(0));
        if (site == null) {
            return Optional.empty();
        }
        if (site.config() == null) {
            return Optional.of(Reply.error(ExitCodes.FAILED, site.name() + ": its file is invalid, so where it logs is not known: "
                    + site.status().lastError()));
        }
        java.nio.file.Path file = site.config().logFile();
        String note = file != null ? "" : site.name() + " has no log file: it writes to uwsgid's console (journalctl -u uwsgid);"
                + " shown: what uwsgid kept of that since it started (the last " + LogFeed.RING_BYTES / 1024 + " KiB)."
                + " For a whole log, add logto = /var/log/uwsgi/" + site.name() + ".log to its file";
        return Optional.of(new Reply(ExitCodes.OK, note, List.of(new Reply.Result(site.name(), true, file == null ? "" : file.toString())), List.of()));
    }
}
