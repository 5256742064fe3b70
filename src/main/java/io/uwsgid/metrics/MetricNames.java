package io.uwsgid.metrics;

/**
 * Every meter uwsgid shows. The daemon's own are Micrometer meters, in its dotted form (dots
 * become underscores, the base unit is appended, counters end in {@code _total}); the per-site
 * series are written straight in Prometheus' text format (SiteFamilies), so their names are the
 * Prometheus names of docs/METRICS.md. Every per-site series carries the {@value #SITE} label.
 */
final class MetricNames {
    static final String SITE = "site";

    static final String SITE_UP = "uwsgid_site_up";
    static final String SITE_STATE = "uwsgid_site_state";
    static final String SITE_GENERATION = "uwsgid_site_generation";
    static final String SITE_RESTARTS = "uwsgid_site_restarts_total";
    static final String SITE_LAST_EXIT_CODE = "uwsgid_site_last_exit_code";
    static final String SITE_LAST_EXIT_SIGNAL = "uwsgid_site_last_exit_signal";
    static final String SITE_START_TIME = "uwsgid_site_start_time_seconds";
    static final String SITE_SPAWN_TO_ACCEPT = "uwsgid_site_spawn_to_accept_seconds";
    static final String SITE_RELOADS = "uwsgid_site_reloads_total";
    static final String SITE_RELOAD_DURATION = "uwsgid_site_reload_duration_seconds";
    static final String SITE_BACKOFF_DELAY = "uwsgid_site_backoff_delay_seconds";
    static final String SITE_PROCESSES = "uwsgid_site_processes";
    static final String SITE_RESIDENT_MEMORY = "uwsgid_site_resident_memory_bytes";
    static final String SITE_CPU = "uwsgid_site_cpu_seconds_total";

    static final String SITE_STATS_UP = "uwsgid_site_stats_up";
    static final String SITE_REQUESTS = "uwsgid_site_requests_total";
    static final String SITE_EXCEPTIONS = "uwsgid_site_exceptions_total";
    static final String SITE_WORKERS = "uwsgid_site_workers";
    static final String SITE_LISTEN_QUEUE = "uwsgid_site_listen_queue";
    static final String SITE_LISTEN_QUEUE_ERRORS = "uwsgid_site_listen_queue_errors_total";
    static final String SITE_AVG_RESPONSE_TIME = "uwsgid_site_average_response_time_seconds";

    static final String SITES = "uwsgid.sites";
    static final String LOOP_LAG = "uwsgid.loop.lag";
    static final String SCRAPE_DURATION = "uwsgid.metrics.collect.duration";

    private MetricNames() {}
}
