package io.uwsgid.status;

/**
 * What a site's processes use, summed over the process groups of its live generations (from
 * /proc), and what its current uWSGI master's stats server said (null when it could not be read).
 * {@code startTimeSeconds}: when the current uWSGI master started, in seconds since the epoch; 0 without one.
 */
public record SiteUsage(int processes, long residentBytes, double cpuSeconds, double startTimeSeconds, Stats stats) {
    /** From uWSGI's stats server: totals over its workers. {@code avgResponseSeconds} is weighted by each worker's requests. */
    public record Stats(long requests, long exceptions, int busyWorkers, int idleWorkers, int workers, long listenQueue,
                        long listenQueueErrors, double avgResponseSeconds) {}

    public static final SiteUsage NONE = new SiteUsage(0, 0, 0, 0, null);
}
