package io.uwsgid.status;

/**
 * What one round of the health watch read from a running site's uWSGI stats server: the
 * generation it was read from, and the stats (null when the server did not answer in time).
 */
public record StatsReading(int generation, SiteUsage.Stats stats) {}
