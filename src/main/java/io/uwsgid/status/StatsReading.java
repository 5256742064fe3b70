package io.uwsgid.status;

/**
 * What one round of the health watch found for a running site: the generation, its stats server's
 * answer (null when it did not answer in time, or has no stats socket), and for how long none of
 * its workers has sent a heartbeat, or {@link #POLLED} when the generation is not judged by
 * heartbeats but read every round (an on-demand site, whose idle return counts requests; a loop
 * engine that sends no heartbeat).
 */
public record StatsReading(int generation, SiteUsage.Stats stats, long silentNanos) {
    public static final long POLLED = -1;

    /** A reading of a generation that is read every round. */
    public static StatsReading polled(int generation, SiteUsage.Stats stats) {
        return new StatsReading(generation, stats, POLLED);
    }

    public boolean isPolled() {
        return silentNanos == POLLED;
    }
}
