package io.uwsgid.arbiter;

import io.uwsgid.control.Reply;
import io.uwsgid.site.Site;
import io.uwsgid.status.SiteStatus;
import java.util.Optional;

/** How a waiting command tells that a site got where it was sent, or will not. */
final class Outcomes {
    private Outcomes() {}

    /** Running on a generation newer than {@code afterGeneration} (-1: any), or failed trying. */
    static Optional<Reply.Result> running(Site site, int afterGeneration) {
        SiteStatus s = site.status();
        return switch (s.state()) {
            case RUNNING, RELOADING -> s.generation() > afterGeneration
                    ? ok(site, "running: generation " + s.generation() + " (pid " + s.pid() + ")") : Optional.empty();
            case FATAL, BACKOFF -> fail(site, s.state() + ": " + s.lastError());
            case IDLE -> ok(site, "idle: it starts at the first connection to its socket");
            default -> Optional.empty();
        };
    }

    static Optional<Reply.Result> stopped(Site site) {
        return site.state() == io.uwsgid.status.SiteState.STOPPED ? ok(site, "stopped") : Optional.empty();
    }

    /** A reload that finished after {@code afterSeq}: promoted, or failed with the old generation still serving. */
    static Optional<Reply.Result> reloaded(Site site, long afterSeq) {
        SiteStatus.Counters c = site.status().counters();
        if (c.reloadSeq() <= afterSeq) {
            return Optional.empty();
        }
        String outcome = c.lastReload();
        return outcome.startsWith("ok: ") ? ok(site, "reloaded: " + outcome.substring(4)) : fail(site, outcome.substring("failed: ".length()));
    }

    private static Optional<Reply.Result> ok(Site site, String msg) {
        return Optional.of(new Reply.Result(site.name(), true, msg));
    }

    /** Known to have failed before anything was tried. */
    static Optional<Reply.Result> failed(Site site, String msg) {
        return fail(site, msg);
    }

    private static Optional<Reply.Result> fail(Site site, String msg) {
        return Optional.of(new Reply.Result(site.name(), false, msg));
    }
}
