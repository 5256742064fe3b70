package io.uwsgid.metrics;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.os.Cgroups;
import io.uwsgid.os.ProcessGroups;
import io.uwsgid.status.SiteStatus;
import io.uwsgid.status.SiteUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every site uses right now: one pass over /proc for all of them, and every current
 * generation's stats server read at once within {@link #STATS_TIMEOUT}. Any thread but the loop's.
 */
final class UsageCollector {
    /** How long a scrape waits for stats servers; one that has not answered by then is left out (stats up = 0). */
    static final Duration STATS_TIMEOUT = Duration.ofMillis(800);
    private final DaemonConfig daemon;

    UsageCollector(DaemonConfig daemon) {
        this.daemon = daemon;
    }

    /** site name -> usage, for every site given. */
    Map<String, SiteUsage> collect(List<SiteStatus> sites) {
        Set<Integer> pgids = new HashSet<>();
        Map<String, Path> sockets = new HashMap<>();
        for (SiteStatus s : sites) {
            pgids.addAll(s.pids());
            if (s.pid() != 0) {
                sockets.put(s.name(), daemon.siteStatsSocket(s.name(), s.generation()));
            }
        }
        Map<String, SiteUsage.Stats> stats = StatsReader.read(sockets, STATS_TIMEOUT);
        Map<Integer, ProcessGroups.Usage> groups = ProcessGroups.scan(pgids);
        Map<String, SiteUsage> out = new HashMap<>();
        for (SiteStatus s : sites) {
            int processes = 0;
            long rss = 0;
            double cpu = 0;
            for (int pid : s.pids()) {
                ProcessGroups.Usage g = groups.getOrDefault(pid, ProcessGroups.Usage.NONE);
                processes += g.processes();
                rss += g.residentBytes();
                cpu += g.cpuSeconds();
            }
            double start = s.pid() == 0 ? 0 : groups.getOrDefault(s.pid(), ProcessGroups.Usage.NONE).leaderStartSeconds();
            out.put(s.name(), new SiteUsage(processes, rss, cpu, start, stats.get(s.name()), cgroup(s)));
        }
        return out;
    }

    /** What the current generation's cgroup says; null without one. */
    private SiteUsage.Cgroup cgroup(SiteStatus s) {
        if (s.pid() == 0) {
            return null;
        }
        Cgroups host = Cgroups.host();
        return host.find(daemon.cgroup(), s.name(), s.generation()).map(cg -> cg.usage(host))
                .map(u -> new SiteUsage.Cgroup(u.memoryBytes(), u.memoryMax(), u.oomKills(), u.pids(), u.pidsMax())).orElse(null);
    }

    /** The same statuses with their usage filled in. */
    List<SiteStatus> fill(List<SiteStatus> sites) {
        Map<String, SiteUsage> usage = collect(sites);
        return sites.stream().map(s -> s.withUsage(usage.get(s.name()))).toList();
    }
}
