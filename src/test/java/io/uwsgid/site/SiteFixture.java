package io.uwsgid.site;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.DaemonConfigLoader;
import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteConfig.Identity;
import io.uwsgid.doctor.Preflight;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.SocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One site named myproject on a fake kernel, driven the way the arbiter drives it: events in,
 * then converge (reap every pid of the site, then tick).
 */
final class SiteFixture {
    static final Duration MERCY = Duration.ofSeconds(30);
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(8);
    static final Duration STABLE_AFTER = Duration.ofSeconds(30);
    static final Duration SOCKET_MOVE_GRACE = Duration.ofSeconds(10);
    static final Duration A_MOMENT = Duration.ofMillis(1);
    static final Identity NOBODY = new Identity("nobody", 65534, "nogroup", 65534, null, null);

    final Path dir;
    final FakeKernel kernel = new FakeKernel();
    final DaemonConfig daemon;
    final SiteConfig config;
    final Site site;

    SiteFixture(Path dir) {
        this(dir, true);
    }

    SiteFixture(Path dir, boolean vacuum) {
        this.dir = dir;
        this.daemon = daemon(dir);
        this.config = siteConfig(dir, vacuum, "processes = 2");
        this.site = new Site("myproject", config, kernel, daemon, Preflight::refusals);
    }

    /** uwsgi and setpriv point at real root-owned programs, so StrictModes passes. */
    static DaemonConfig daemon(Path dir) {
        return daemon(dir, Path.of("/bin/true"));
    }

    static DaemonConfig daemon(Path dir, Path uwsgi) {
        return daemon(dir, uwsgi, Duration.ZERO);
    }

    /** With a settle time: the real default is 1 s, most tests want every stop sent at once. */
    static DaemonConfig daemon(Path dir, Path uwsgi, Duration settle) {
        try {
            return new DaemonConfigLoader().set("sites-dir", dir.resolve("sites").toString()).set("run-dir", dir.resolve("run").toString())
                    .set("uwsgi", uwsgi.toString()).set("setpriv", "/usr/bin/setpriv").set("mercy", seconds(MERCY))
                    .set("start-timeout", seconds(START_TIMEOUT)).set("backoff-cap", seconds(BACKOFF_CAP))
                    .set("stable-after", seconds(STABLE_AFTER)).set("listen", "128").set("socket-move-grace", seconds(SOCKET_MOVE_GRACE)).set("settle-time", seconds(settle))
                    .build();
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    private static String seconds(Duration d) {
        return Long.toString(d.toSeconds());
    }

    /** The site as SiteLoader would build it from a file with one unix socket, uid/gid nobody, a pid file and a log. */
    static SiteConfig siteConfig(Path dir, boolean vacuum, String... passthrough) {
        return siteConfig(dir, "myproject.sock", vacuum, passthrough);
    }

    static SiteConfig siteConfig(Path dir, String socketName, boolean vacuum, String... passthrough) {
        Path file = dir.resolve("sites").resolve("myproject.ini");
        List<Option> pass = new ArrayList<>(List.of(new Option("module", "app:application", file, 2)));
        for (String kv : passthrough) {
            String[] p = kv.split(" = ", 2);
            pass.add(new Option(p[0], p[1], file, 3 + pass.size()));
        }
        List<Option> all = new ArrayList<>(pass);
        all.add(new Option("socket", dir.resolve(socketName).toString(), file, 20));
        all.add(new Option("uid", "nobody", file, 21));
        SocketSpec socket = new SocketSpec("socket", dir.resolve(socketName).toString(), 128, 0660, 65534, 65534);
        return new SiteConfig("myproject", file, all, pass, List.of(socket), NOBODY, List.of(pidFile(dir)),
                dir.resolve("myproject.log"), vacuum, MERCY, START_TIMEOUT);
    }

    /** The same site listening on TCP {@code address} instead. */
    static SiteConfig tcpSiteConfig(Path dir, String address) {
        SiteConfig unix = siteConfig(dir, false);
        SocketSpec socket = new SocketSpec("socket", address, 128, 0660, 65534, 65534);
        return new SiteConfig(unix.name(), unix.file(), unix.options(), unix.passthrough(), List.of(socket), unix.identity(),
                unix.pidFiles(), unix.logFile(), false, MERCY, START_TIMEOUT);
    }

    static Path pidFile(Path dir) {
        return dir.resolve("myproject.pid");
    }

    // ---- driving it ----

    /** Starts the site and lets its first generation say it accepts. */
    int running() {
        site.start("test");
        int pid = kernel.lastPid();
        accepting(pid);
        return pid;
    }

    void accepting(int pid) {
        site.onEmperor(pid, Site.EMPEROR_ACCEPTING);
    }

    /** The child ends; the site hears of it at the next converge, as under the arbiter. */
    void exits(int pid, ExitStatus status) {
        kernel.exit(pid, status);
        converge();
    }

    void converge() {
        for (int pid : site.pids()) {
            kernel.reap(pid).ifPresent(status -> site.onExit(pid, status));
        }
        site.tick();
    }

    void passes(Duration d) {
        kernel.advance(d);
        converge();
    }

    String pidFileContent() {
        return kernel.files.get(pidFile(dir));
    }

    long untilRetry() {
        return site.status().retryInNanos();
    }
}
