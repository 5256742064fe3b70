package io.uwsgid.metrics;

/**
 * Every meter uwsgid registers, in Micrometer's dotted form; the Prometheus names (docs/METRICS.md)
 * follow from it: dots become underscores, the base unit is appended (seconds, bytes) and counters
 * end in {@code _total}. Every per-site meter carries the {@value #SITE} tag.
 */
final class MetricNames {
    static final String SITE = "site";

    static final String SITE_UP = "uwsgid.site.up";
    static final String SITE_STATE = "uwsgid.site.state";
    static final String SITE_GENERATION = "uwsgid.site.generation";
    static final String SITE_RESTARTS = "uwsgid.site.restarts";
    static final String SITE_LAST_EXIT_CODE = "uwsgid.site.last.exit.code";
    static final String SITE_LAST_EXIT_SIGNAL = "uwsgid.site.last.exit.signal";
    static final String SITE_START_TIME = "uwsgid.site.start.time";
    static final String SITE_SPAWN_TO_ACCEPT = "uwsgid.site.spawn.to.accept";
    static final String SITE_RELOADS = "uwsgid.site.reloads";
    static final String SITE_RELOAD_DURATION = "uwsgid.site.reload.duration";
    static final String SITE_BACKOFF_DELAY = "uwsgid.site.backoff.delay";
    static final String SITE_PROCESSES = "uwsgid.site.processes";
    static final String SITE_RESIDENT_MEMORY = "uwsgid.site.resident.memory";
    static final String SITE_CPU = "uwsgid.site.cpu";
    static final String SITE_HANGS = "uwsgid.site.hangs";
    static final String SITE_CGROUP_MEMORY = "uwsgid.site.cgroup.memory";
    static final String SITE_CGROUP_MEMORY_MAX = "uwsgid.site.cgroup.memory.max";
    static final String SITE_CGROUP_OOM_KILLS = "uwsgid.site.cgroup.oom.kills";

    static final String SITE_STATS_UP = "uwsgid.site.stats.up";
    static final String SITE_REQUESTS = "uwsgid.site.requests";
    static final String SITE_EXCEPTIONS = "uwsgid.site.exceptions";
    static final String SITE_WORKERS = "uwsgid.site.workers";
    static final String SITE_LISTEN_QUEUE = "uwsgid.site.listen.queue";
    static final String SITE_LISTEN_QUEUE_ERRORS = "uwsgid.site.listen.queue.errors";
    static final String SITE_AVG_RESPONSE_TIME = "uwsgid.site.average.response.time";

    static final String SITES = "uwsgid.sites";
    static final String LOOP_LAG = "uwsgid.loop.lag";
    static final String SCRAPE_DURATION = "uwsgid.metrics.collect.duration";

    private MetricNames() {}
}
