package io.uwsgid.ctl;

import io.uwsgid.status.SiteStatus;
import io.uwsgid.status.SiteUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The status table a person reads: one row per site, and the reason under any site that is not well. */
final class StatusTable {
    private static final String[] HEAD = {"SITE", "STATE", "PID", "GEN", "UPTIME", "RESTARTS", "LAST EXIT", "MEM", "CPU", "REQS", "BUSY", "SOCKET"};

    private StatusTable() {}

    static String render(List<SiteStatus> sites) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEAD);
        for (SiteStatus s : sites) {
            rows.add(new String[] {s.name(), s.state().name(), s.pid() == 0 ? "-" : Integer.toString(s.pid()), Integer.toString(s.generation()),
                    s.upNanos() < 0 ? "-" : duration(s.upNanos()), Long.toString(s.counters().crashes()),
                    s.lastExit() == null ? "-" : s.lastExit().toString(), mem(s.usage()), cpu(s.usage()), requests(s.usage()), busy(s.usage()),
                    String.join(" ", s.sockets())});
        }
        int[] width = new int[HEAD.length];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            out.append(row(rows.get(i), width)).append('\n');
            SiteStatus s = i == 0 ? null : sites.get(i - 1);
            if (s != null && s.retryInNanos() >= 0) {
                out.append("  retrying in ").append(duration(s.retryInNanos())).append('\n');
            }
            if (s != null && s.lastError() != null && !s.state().name().equals("RUNNING")) {
                out.append("  ").append(s.lastError()).append('\n');
            }
        }
        return out.toString();
    }

    /** Resident memory of the site's processes (from /proc). */
    static String mem(SiteUsage u) {
        if (u == null || u.processes() == 0) {
            return "-";
        }
        double b = u.residentBytes();
        String[] units = {"B", "K", "M", "G", "T"};
        int i = 0;
        while (b >= 1024 && i < units.length - 1) {
            b /= 1024;
            i++;
        }
        return (b < 10 && i > 0 ? String.format(java.util.Locale.ROOT, "%.1f", b) : Long.toString(Math.round(b))) + units[i];
    }

    static String cpu(SiteUsage u) {
        if (u == null || u.processes() == 0) {
            return "-";
        }
        return u.cpuSeconds() < 60 ? String.format(java.util.Locale.ROOT, "%.1fs", u.cpuSeconds()) : duration((long) (u.cpuSeconds() * 1e9));
    }

    /** Requests the current generation handled (uWSGI stats). */
    static String requests(SiteUsage u) {
        return u == null || u.stats() == null ? "-" : Long.toString(u.stats().requests());
    }

    /** Busy workers of all workers (uWSGI stats). */
    static String busy(SiteUsage u) {
        return u == null || u.stats() == null ? "-" : u.stats().busyWorkers() + "/" + u.stats().workers();
    }

    private static String row(String[] cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            b.append(i == cells.length - 1 ? cells[i] : String.format("%-" + (width[i] + 2) + "s", cells[i]));
        }
        return b.toString().stripTrailing();
    }

    static String duration(long nanos) {
        long s = TimeUnit.NANOSECONDS.toSeconds(nanos);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + s % 60 + "s";
        }
        return s < 86400 ? s / 3600 + "h" + s % 3600 / 60 + "m" : s / 86400 + "d" + s % 86400 / 3600 + "h";
    }
}
