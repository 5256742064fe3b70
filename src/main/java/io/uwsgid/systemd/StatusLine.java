package io.uwsgid.systemd;

import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The one-line summary systemd shows in {@code systemctl status}: "12 sites running, 1 failed: shop". */
final class StatusLine {
    /** Names beyond this many are counted, not listed: the line must stay one line. */
    static final int MAX_NAMES = 5;

    private StatusLine() {}

    static String of(List<SiteStatus> sites) {
        if (sites.isEmpty()) {
            return "no sites";
        }
        Map<SiteState, Integer> counts = new EnumMap<>(SiteState.class);
        List<String> failed = new ArrayList<>();
        for (SiteStatus s : sites) {
            counts.merge(group(s.state()), 1, Integer::sum);
            if (s.state() == SiteState.FATAL || s.state() == SiteState.BACKOFF) {
                failed.add(s.name());
            }
        }
        List<String> parts = new ArrayList<>();
        int running = counts.getOrDefault(SiteState.RUNNING, 0);
        parts.add(running + (running == 1 ? " site" : " sites") + " running");
        add(parts, counts, SiteState.IDLE, "idle (on demand)");
        add(parts, counts, SiteState.STARTING, "starting");
        add(parts, counts, SiteState.STOPPING, "stopping");
        add(parts, counts, SiteState.STOPPED, "stopped");
        if (!failed.isEmpty()) {
            parts.add(failed.size() + " failed: " + names(failed));
        }
        return String.join(", ", parts);
    }

    /** RELOADING serves like RUNNING; BACKOFF is failed for now, FATAL for good: both are "failed". */
    private static SiteState group(SiteState state) {
        return switch (state) {
            case RELOADING -> SiteState.RUNNING;
            case BACKOFF -> SiteState.FATAL;
            default -> state;
        };
    }

    private static void add(List<String> parts, Map<SiteState, Integer> counts, SiteState state, String word) {
        int n = counts.getOrDefault(state, 0);
        if (n > 0) {
            parts.add(n + " " + word);
        }
    }

    private static String names(List<String> failed) {
        if (failed.size() <= MAX_NAMES) {
            return String.join(", ", failed);
        }
        return String.join(", ", failed.subList(0, MAX_NAMES)) + " and " + (failed.size() - MAX_NAMES) + " more";
    }
}
