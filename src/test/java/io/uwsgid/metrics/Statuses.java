package io.uwsgid.metrics;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfigLoader;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.nio.file.Path;
import java.util.List;

/** Site statuses as the loop would report them, for tests that need no real site. */
final class Statuses {
    private Statuses() {}

    /** Meters over {@code watch}, for a daemon whose run directory is {@code runDir} (empty: no site has stats). */
    static Meters meters(Path runDir, LoopWatch watch) throws ConfigException {
        return new Meters(watch, new UsageCollector(new DaemonConfigLoader().set("run-dir", runDir.toString()).build()));
    }

    static SiteStatus.Counters counters(long accepts, long acceptNanos, long reloads, long reloadNanos) {
        return new SiteStatus.Counters(1, reloads, 0, reloads, null, 0, 0, 0, 2, 3, 4, accepts, acceptNanos, reloadNanos, 0);
    }

    static SiteStatus of(String name, SiteState state) {
        return of(name, state, counters(0, 0, 0, 0));
    }

    static SiteStatus of(String name, SiteState state, SiteStatus.Counters counters) {
        boolean up = state == SiteState.RUNNING || state == SiteState.RELOADING;
        return new SiteStatus(name, state, 0, 1, up ? 1_000_000_000L : -1, 2_000_000_000L, state == SiteState.BACKOFF ? 1_000_000_000L : -1,
                ExitStatus.killed(9), state == SiteState.FATAL ? "it failed" : null, counters, List.of(), null, List.of(), null, SiteStatus.Watch.NONE);
    }
}
