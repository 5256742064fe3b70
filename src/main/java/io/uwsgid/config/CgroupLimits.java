package io.uwsgid.config;

/**
 * A site's resource limits, uwsgid's own options: each generation runs in a cgroup of its own
 * with them. Zero means the site did not ask for that limit.
 *
 * @param memoryMax bytes the generation's processes may use together ({@code memory-max})
 * @param pidsMax   processes and threads it may have at once ({@code pids-max})
 * @param cpuWeight its share of CPU against other sites, 1 to 10000, 100 being the default ({@code cpu-weight})
 */
public record CgroupLimits(long memoryMax, long pidsMax, int cpuWeight) {
    public static final CgroupLimits NONE = new CgroupLimits(0, 0, 0);

    /** Whether the site asked for any limit (and so for a cgroup per generation). */
    public boolean any() {
        return memoryMax > 0 || pidsMax > 0 || cpuWeight > 0;
    }

    @Override
    public String toString() {
        return "memory-max " + (memoryMax == 0 ? "-" : memoryMax) + ", pids-max " + (pidsMax == 0 ? "-" : pidsMax)
                + ", cpu-weight " + (cpuWeight == 0 ? "-" : cpuWeight);
    }
}
