package io.uwsgid.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's own settings, sealed once read (see {@link DaemonConfigLoader}). Times are
 * durations; {@code listenBacklog} is the default backlog of a site socket, capped by somaxconn.
 * {@code metrics} is where /metrics and /healthz listen, null when they are off.
 * {@code nginxUser} is the user nginx's workers run as, whose access to sockets and static files
 * {@code uwsgictl check} verifies. {@code cgroup} names the cgroup, under the one uwsgid runs in, that
 * holds the cgroups of sites with limits; {@code allowUnlimited} lets such a site run without the
 * limits this host cannot enforce (no cgroup controller for them) instead of refusing it.
 */
public record DaemonConfig(
        Path sitesDir,
        Path runDir,
        Path uwsgi,
        Path setpriv,
        Duration mercy,
        Duration startTimeout,
        Duration backoffCap,
        Duration stableAfter,
        int listenBacklog,
        boolean allowRoot,
        int reloadParallelism,
        boolean watch,
        String controlGroup,
        boolean controlGroupMayChange,
        Duration socketMoveGrace,
        InetSocketAddress metrics,
        boolean jsonLogs,
        Duration settleTime,
        String nginxUser,
        String cgroup,
        boolean allowUnlimited) {

    public static DaemonConfig defaults() {
        try {
            return new DaemonConfigLoader().build();
        } catch (ConfigException e) {
            throw new IllegalStateException("the embedded defaults are invalid", e);
        }
    }

    public DaemonConfig withDirs(Path sites, Path run) {
        return new DaemonConfig(sites, run, uwsgi, setpriv, mercy, startTimeout, backoffCap, stableAfter, listenBacklog, allowRoot,
                reloadParallelism, watch, controlGroup, controlGroupMayChange, socketMoveGrace, metrics, jsonLogs, settleTime, nginxUser, cgroup, allowUnlimited);
    }

    /**
     * The settings that differ between {@code this} and {@code fresh} but only take effect when
     * uwsgid restarts (a HUP applies every other one): the directories, the sites-directory
     * watch, the metrics listener, the log format and the cgroup (the running generations are in
     * the old one), as {@code key = old -> new}.
     */
    public java.util.List<String> restartOnlyChanges(DaemonConfig fresh) {
        java.util.List<String> out = new java.util.ArrayList<>();
        diff(out, "sites-dir", sitesDir, fresh.sitesDir);
        diff(out, "run-dir", runDir, fresh.runDir);
        diff(out, "watch", watch, fresh.watch);
        diff(out, "cgroup", cgroup, fresh.cgroup);
        return out;
    }

    private static void diff(java.util.List<String> out, String key, Object was, Object now) {
        if (!java.util.Objects.equals(was, now)) {
            out.add(key + " = " + was + " -> " + now);
        }
    }

    /** {@code fresh} with this config's restart-only settings kept: what a HUP puts in force. */
    public DaemonConfig liveFrom(DaemonConfig fresh) {
        return new DaemonConfig(sitesDir, runDir, fresh.uwsgi, fresh.setpriv, fresh.mercy, fresh.startTimeout, fresh.backoffCap,
                fresh.stableAfter, fresh.listenBacklog, fresh.allowRoot, fresh.reloadParallelism, watch, fresh.controlGroup,
                fresh.controlGroupMayChange, fresh.socketMoveGrace, fresh.metrics, fresh.jsonLogs, fresh.settleTime, fresh.nginxUser, cgroup,
                fresh.allowUnlimited);
    }

    public Path controlSocket() {
        return runDir.resolve("control.sock");
    }

    public Path pidFile() {
        return runDir.resolve("uwsgid.pid");
    }

    /** Where the generated config of a site lives: root-owned, readable by the site's group. */
    public Path siteRunDir(String site) {
        return runDir.resolve("sites").resolve(site);
    }

    /** Where generation {@code n} of a site runs its uWSGI stats server: a directory the site's user owns, mode 0700. */
    public Path siteStatsSocket(String site, int n) {
        return siteRunDir(site).resolve("stats").resolve(n + ".sock");
    }
}
