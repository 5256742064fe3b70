package io.uwsgid.arbiter;

import io.uwsgid.status.SiteStatus;
import java.util.List;

/**
 * Told what the loop sees, on the loop thread: it must return at once (hand work to another
 * thread). Metrics and systemd notification hang here; every method defaults to doing nothing.
 */
public interface DaemonObserver {
    /** What every site looks like after a turn of the loop, and how late that turn ran. */
    record Snapshot(List<SiteStatus> sites, long loopLagNanos, long monotonicNanos) {}

    /** After every turn of the loop (every 200 ms while anything is under way, every 10 s while every site rests). */
    default void turn(Snapshot snapshot) {}

    /** How often this observer needs {@link #turn} while every site rests. */
    default long turnAtLeastEveryMillis() {
        return Long.MAX_VALUE;
    }

    /** Every site has settled (running, or failed for good or for now) after the start or a HUP. */
    default void settled(Snapshot snapshot) {}

    /** A HUP is being applied. */
    default void reloading() {}

    /** A HUP put new uwsgid.ini settings in force (those that apply without a restart). */
    default void settingsChanged(io.uwsgid.config.DaemonConfig settings) {}

    /** INT or TERM: every site is being stopped. */
    default void stopping() {}

    /** USR1 or uwsgictl reopen-logs: every site's log has been reopened. */
    default void logsReopened() {}
}
