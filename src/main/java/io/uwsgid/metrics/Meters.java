package io.uwsgid.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.uwsgid.arbiter.DaemonObserver.Snapshot;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import io.uwsgid.status.SiteUsage;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry (the daemon's and the JVM's own meters), every site's series, and what refreshes
 * them right before each scrape: the loop's latest snapshot, the usage of every site, and the
 * start and reload times finished since the last scrape. Per-site series are not registered
 * meters: at 500 sites they are ~27,000 lines, written straight out (SiteFamilies). One scrape at
 * a time; never on the loop thread.
 */
final class Meters implements AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, SiteMeters> sites = new TreeMap<>();
    private final LoopWatch watch;
    private final UsageCollector usage;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private volatile Snapshot shown;
    private volatile double collectSeconds;

    Meters(LoopWatch watch, UsageCollector usage) {
        this.watch = watch;
        this.usage = usage;
        conventions();
        for (SiteState s : SiteState.values()) {
            Gauge.builder(MetricNames.SITES, this, m -> m.count(s)).tag("state", s.name()).description("Sites in each state")
                    .register(registry);
        }
        Gauge.builder(MetricNames.LOOP_LAG, this, m -> m.shown == null ? 0 : m.shown.loopLagNanos() / 1e9).baseUnit("seconds")
                .description("How late the event loop's last turn ran").register(registry);
        Gauge.builder(MetricNames.SCRAPE_DURATION, this, m -> m.collectSeconds).baseUnit("seconds")
                .description("How long the last scrape took to read /proc and the sites' uWSGI stats").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /**
     * Two of Micrometer's own names fail {@code promtool check metrics}: process.cpu.time (in
     * "ns") is replaced by Prometheus' standard process_cpu_seconds_total, system.cpu.count
     * (a gauge ending in _count) is renamed.
     */
    private void conventions() {
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus.available") : id;
            }
        });
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9).baseUnit("seconds")
                    .description("CPU time the uwsgid JVM used").register(registry);
        }
    }

    /** Refreshes every meter, then writes them all in Prometheus' text format. */
    synchronized void scrape(OutputStream out) throws IOException {
        refresh();
        registry.scrape(out, CONTENT_TYPE);
        PromText text = new PromText(out);
        SiteFamilies.write(text, sites.values());
        text.flush();
    }

    synchronized void refresh() {
        var timings = watch.drain();
        Snapshot snap = watch.latest();
        if (snap == null) {
            return;
        }
        long t0 = System.nanoTime();
        Map<String, SiteUsage> used = usage.collect(snap.sites());
        collectSeconds = (System.nanoTime() - t0) / 1e9;
        Set<String> names = new HashSet<>();
        for (SiteStatus s : snap.sites()) {
            names.add(s.name());
            sites.computeIfAbsent(s.name(), n -> new SiteMeters(s)).update(s, used.get(s.name()));
        }
        sites.keySet().retainAll(names);
        for (LoopWatch.Timing t : timings) {
            SiteMeters m = sites.get(t.site());
            if (m != null && t.reload()) {
                m.recordReload(t.nanos());
            } else if (m != null) {
                m.recordAccept(t.nanos());
            }
        }
        shown = snap;
    }

    private double count(SiteState state) {
        Snapshot s = shown;
        return s == null ? 0 : s.sites().stream().filter(x -> x.state() == state).count();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
