package io.uwsgid.site;

import io.uwsgid.os.ExitStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * A site as the operator sees it, taken on the loop thread. Durations are nanoseconds; -1 means
 * not applicable (no accepting generation, not in BACKOFF).
 */
public record SiteStatus(
        String name,
        SiteState state,
        int pid,
        int generation,
        long upNanos,
        long inStateNanos,
        long retryInNanos,
        ExitStatus lastExit,
        String lastError,
        Counters counters,
        List<String> sockets,
        Path file) {

    /** Counts since the site was first read. {@code reloadSeq} grows by one per finished reload, ok or not. */
    public record Counters(long crashes, long reloadsOk, long reloadsFailed, long reloadSeq, String lastReload,
                           long lastStartNanos, long lastReloadNanos) {}
}
