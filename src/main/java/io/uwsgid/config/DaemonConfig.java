package io.uwsgid.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The daemon's own settings, sealed once read (see {@link DaemonConfigLoader}). Times are
 * durations; {@code listenBacklog} is the default backlog of a site socket, capped by somaxconn.
 * {@code metrics} is where /metrics and /healthz listen, null when they are off.
 * {@code nginxUser} is the user nginx's workers run as, whose access to sockets and static files
 * {@code uwsgictl check} verifies.
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
        String nginxUser) {

    public static DaemonConfig defaults() {
        try {
            return new DaemonConfigLoader().build();
        } catch (ConfigException e) {
            throw new IllegalStateException("the embedded defaults are invalid", e);
        }
    }

    public DaemonConfig withDirs(Path sites, Path run) {
        return new DaemonConfig(sites, run, uwsgi, setpriv, mercy, startTimeout, backoffCap, stableAfter, listenBacklog, allowRoot,
                reloadParallelism, watch, controlGroup, controlGroupMayChange, socketMoveGrace, metrics, jsonLogs, settleTime, nginxUser);
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
