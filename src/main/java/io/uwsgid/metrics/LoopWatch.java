package io.uwsgid.metrics;

import io.uwsgid.arbiter.DaemonObserver;
import io.uwsgid.status.SiteStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * What the metrics know of the loop: its latest snapshot, when it last turned, and the start and
 * reload times that finished since. {@link #turn} runs on the loop thread and only compares a few
 * counters per site; everything else happens on the scrape thread.
 */
final class LoopWatch implements DaemonObserver {
    /** One finished start or reload: {@code reload} false for spawn-to-accepting, true for a reload's duration. */
    record Timing(String site, boolean reload, long nanos) {}

    static final int MAX_PENDING = 4096;
    private volatile Snapshot latest;
    private volatile long turnedAt;
    private final BlockingQueue<Timing> timings = new ArrayBlockingQueue<>(MAX_PENDING);
    /** Loop thread only: per site, the counts and sums last seen (accepts, accept nanos, reloads, reload nanos). */
    private final Map<String, long[]> seen = new HashMap<>();

    @Override
    public void turn(Snapshot snapshot) {
        latest = snapshot;
        turnedAt = System.nanoTime();
        for (SiteStatus s : snapshot.sites()) {
            SiteStatus.Counters c = s.counters();
            long[] last = seen.computeIfAbsent(s.name(), k -> new long[4]);
            if (c.accepts() != last[0] || c.reloadSeq() != last[2]) {
                queue(s.name(), false, c.accepts() - last[0], c.acceptNanosTotal() - last[1]);
                queue(s.name(), true, c.reloadSeq() - last[2], c.reloadNanosTotal() - last[3]);
                last[0] = c.accepts();
                last[1] = c.acceptNanosTotal();
                last[2] = c.reloadSeq();
                last[3] = c.reloadNanosTotal();
            }
        }
        if (seen.size() > snapshot.sites().size()) {
            seen.keySet().retainAll(snapshot.sites().stream().map(SiteStatus::name).toList());
        }
    }

    /**
     * {@code count} new observations summing to {@code nanos}. Between two turns (200 ms) a site
     * rarely finishes more than one; if it does, each gets the mean: sum and count stay exact.
     */
    private void queue(String site, boolean reload, long count, long nanos) {
        for (long i = 0; i < count; i++) {
            Timing t = new Timing(site, reload, nanos / count);
            while (!timings.offer(t)) {
                timings.poll(); // nobody scraped for very long: the oldest go
            }
        }
    }

    Snapshot latest() {
        return latest;
    }

    /** System.nanoTime() of the last turn; 0 before the first. */
    long turnedAt() {
        return turnedAt;
    }

    List<Timing> drain() {
        List<Timing> out = new ArrayList<>();
        timings.drainTo(out);
        return out;
    }
}
