package io.uwsgid.metrics;

import io.uwsgid.arbiter.DaemonObserver.Snapshot;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.DaemonConfigLoader;
import io.uwsgid.control.Json;
import io.uwsgid.control.Reply;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * bench/metrics-scrape's in-process half: given a running uwsgid's {@code uwsgictl status --json}
 * and its run dir, scrapes those very sites (their /proc entries, their stats sockets) through the
 * daemon's own {@link Meters}, timing each scrape and counting what the scraping thread allocates.
 * Not a test: run with {@code java -cp target/uwsgid.jar:target/test-classes io.uwsgid.metrics.ScrapeBench STATUS.json RUN_DIR ROUNDS}.
 */
public final class ScrapeBench {
    private ScrapeBench() {}

    public static void main(String[] args) throws Exception {
        Reply status = Json.read(Files.readString(Path.of(args[0])), Reply.class);
        DaemonConfig daemon = new DaemonConfigLoader().set("run-dir", args[1]).build();
        int rounds = Integer.parseInt(args[2]);
        LoopWatch watch = new LoopWatch();
        watch.turn(new Snapshot(status.sites(), 0, System.nanoTime()));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Meters meters = new Meters(watch, new UsageCollector(daemon))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
            long t0 = System.nanoTime();
            meters.scrape(out);
            double firstMs = (System.nanoTime() - t0) / 1e6;
            List<Double> total = new ArrayList<>(), collect = new ArrayList<>(), alloc = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                out.reset();
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long s0 = System.nanoTime();
                meters.scrape(out);
                total.add((System.nanoTime() - s0) / 1e6);
                alloc.add((threads.getCurrentThreadAllocatedBytes() - a0) / 1048576.0);
                collect.add(meters.registry.get(MetricNames.SCRAPE_DURATION).gauge().value() * 1000);
            }
            UsageCollector usage = new UsageCollector(daemon);
            List<Double> collectAlloc = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                long a0 = threads.getCurrentThreadAllocatedBytes();
                usage.collect(status.sites());
                collectAlloc.add((threads.getCurrentThreadAllocatedBytes() - a0) / 1048576.0);
            }
            long series = out.toString().lines().filter(l -> !l.startsWith("#")).count();
            long statsUp = out.toString().lines().filter(l -> l.startsWith("uwsgid_site_stats_up{") && l.endsWith(" 1.0")).count();
            System.out.printf(Locale.ROOT, "sites=%d stats_up=%d series=%d bytes=%d first_ms=%.1f scrape_ms_median=%.1f scrape_ms_p90=%.1f "
                            + "collect_ms_median=%.1f alloc_mib_median=%.2f (of which collecting usage %.2f)%n", status.sites().size(), statsUp, series,
                    out.size(), firstMs, pct(total, 50), pct(total, 90), pct(collect, 50), pct(alloc, 50), pct(collectAlloc, 50));
        }
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
