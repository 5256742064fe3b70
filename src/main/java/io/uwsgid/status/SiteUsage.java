package io.uwsgid.status;

/**
 * What a site's processes use, summed over the process groups of its live generations (from
 * /proc), and what its current uWSGI master's stats server said (null when it could not be read).
 * {@code cgroup}: null for a site without limits. {@code startTimeSeconds}: when the current uWSGI master started, in seconds since the epoch; 0 without one.
 */
public record SiteUsage(int processes, long residentBytes, double cpuSeconds, double startTimeSeconds, Stats stats, Cgroup cgroup) {
    /** Without a cgroup (a site without limits). */
    public SiteUsage(int processes, long residentBytes, double cpuSeconds, double startTimeSeconds, Stats stats) {
        this(processes, residentBytes, cpuSeconds, startTimeSeconds, stats, null);
    }

    /**
     * What the current generation's cgroup says (a site with limits): memory in use and its limit,
     * OOM kills inside it, processes and their limit; -1 where unknown or unlimited.
     */
    public record Cgroup(long memoryBytes, long memoryMax, long oomKills, long pids, long pidsMax) {}

    /** From uWSGI's stats server: totals over its workers. {@code avgResponseSeconds} is weighted by each worker's requests. */
    public record Stats(long requests, long exceptions, int busyWorkers, int idleWorkers, int workers, long listenQueue,
                        long listenQueueErrors, double avgResponseSeconds) {}

    public static final SiteUsage NONE = new SiteUsage(0, 0, 0, 0, null);
}
