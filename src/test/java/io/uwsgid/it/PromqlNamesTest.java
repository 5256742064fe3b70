package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Metric names are read out of PromQL, and nothing else is. */
class PromqlNamesTest {
    @Test
    void aBareNameAndASelectorWithMatchersAreNames() {
        assertEquals(Set.of("uwsgid_site_up"), PromqlNames.of("uwsgid_site_up"));
        assertEquals(Set.of("uwsgid_site_up"), PromqlNames.of("uwsgid_site_up{site=~\"a|b\", instance!=\"x\"} == 0"));
    }

    @Test
    void functionsAggregationsAndTheirGroupingLabelsAreNot() {
        assertEquals(Set.of("uwsgid_site_requests_total"),
                PromqlNames.of("sum by (site, instance) (rate(uwsgid_site_requests_total{job=\"uwsgid\"}[5m]))"));
        assertEquals(Set.of("uwsgid_site_workers"),
                PromqlNames.of("sum without(status) (uwsgid_site_workers)  /  ignoring (status) group_left (site) sum(uwsgid_site_workers)"));
    }

    @Test
    void histogramSeriesKeepTheirSuffix() {
        assertEquals(Set.of("uwsgid_site_reload_duration_seconds_bucket"),
                PromqlNames.of("histogram_quantile(0.95, sum by (le) (increase(uwsgid_site_reload_duration_seconds_bucket[1h])))"));
    }

    @Test
    void bothSidesOfSetOperatorsAndComparisonsAreNames() {
        assertEquals(Set.of("up", "uwsgid_site_state", "uwsgid_site_up"), PromqlNames.of(
                "uwsgid_site_up == 0 unless on (job, instance, site) uwsgid_site_state{state=~\"STOPPED|FATAL\"} == 1 or up > bool 0"));
    }

    @Test
    void numbersDurationsOffsetsStringsAndGrafanaVariablesAreNot() {
        assertEquals(Set.of("process_cpu_seconds_total"), PromqlNames.of(
                "rate(process_cpu_seconds_total{instance=~\"$instance\"}[$__rate_interval] offset 1h) * 1e9 + 0x1F - .5 + Inf - NaN"));
        assertEquals(Set.of("up", "uwsgid_site_up"), PromqlNames.of("uwsgid_site_up UNLESS ON(site) up"));
        assertEquals(Set.of("uwsgid_sites"), PromqlNames.of(
                "label_replace(uwsgid_sites{instance=~\"${instance}\"}, \"dst\", \"$1\", \"state\", \"(.*)\") # a comment naming fake_metric"));
        assertEquals(Set.of("uwsgid_site_cpu_seconds_total"), PromqlNames.of("max_over_time(rate(uwsgid_site_cpu_seconds_total[1m])[10m:30s])"));
    }

    @Test
    void aNameMatcherIsAName() {
        assertEquals(Set.of("uwsgid_site_up"), PromqlNames.of("{__name__=\"uwsgid_site_up\", site=\"web\"}"));
    }

    @Test
    void grafanasLabelValuesQueryNamesItsSelectorNotItsLabel() {
        assertEquals(Set.of("uwsgid_site_up"), PromqlNames.of("label_values(uwsgid_site_up{instance=~\"$instance\"}, site)"));
        assertEquals(Set.of("uwsgid_sites"), PromqlNames.of("label_values(uwsgid_sites, instance)"));
    }

    @Test
    void aMadeUpNameIsFoundLikeAnyOther() {
        assertEquals(Set.of("uwsgid_site_made_up_total", "uwsgid_site_up"),
                PromqlNames.of("rate(uwsgid_site_made_up_total[5m]) and uwsgid_site_up"));
    }
}
