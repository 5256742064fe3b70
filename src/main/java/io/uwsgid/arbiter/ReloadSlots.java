package io.uwsgid.arbiter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Starts and reloads waiting for a slot, so that at most {@code reload-parallelism} sites spawn
 * at once (a HUP reloads them all). Requests are served in order; a newer request for a site
 * replaces its older one.
 */
final class ReloadSlots {
    /** A start (of a site not running) or a reload (onto its file) waiting for a slot. */
    record Pending(String site, String why, boolean start) {}

    private final Deque<Pending> pending = new ArrayDeque<>();

    void request(String site, String why, boolean start) {
        pending.removeIf(p -> p.site().equals(site));
        pending.add(new Pending(site, why, start));
    }

    /**
     * Hands the free slots out in order. {@code busy}: how many sites start or reload now;
     * {@code run} carries a request out and says whether it took a slot (false: its site is gone).
     */
    void grant(long busy, int parallelism, Predicate<Pending> run) {
        while (busy < parallelism && !pending.isEmpty()) {
            if (run.test(pending.poll())) {
                busy++;
            }
        }
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    void clear() {
        pending.clear();
    }

    List<Pending> waiting() {
        return List.copyOf(pending);
    }
}
