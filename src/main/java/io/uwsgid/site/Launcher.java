package io.uwsgid.site;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteConfig.Identity;
import io.uwsgid.os.ChildSpec;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.ListeningSocket;
import io.uwsgid.os.LogSink;
import io.uwsgid.os.OsException;
import io.uwsgid.os.Setpriv;
import io.uwsgid.os.StrictModes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a site into a child to spawn: writes the generated uWSGI config (never the command line:
 * /proc/PID/cmdline is world-readable and site files carry secrets) and builds the
 * privilege-dropping exec chain in front of uWSGI.
 */
final class Launcher {
    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    /** sun_path holds 108 bytes with the terminating NUL; a longer stats path would make uWSGI exit. */
    static final int MAX_UNIX_PATH = 107;
    static final List<String> ENV = Setpriv.ENV;
    private final DaemonConfig daemon;
    private final Kernel kernel;

    Launcher(DaemonConfig daemon, Kernel kernel) {
        this.daemon = daemon;
        this.kernel = kernel;
    }

    DaemonConfig daemon() {
        return daemon;
    }

    /** {@code generation}: the number the spawned child will get; {@code live}: those of the site's live generations. */
    ChildSpec prepare(SiteConfig site, List<ListeningSocket> sockets, LogSink log, int generation, Set<Integer> live) throws OsException {
        StrictModes.check(daemon.setpriv());
        StrictModes.check(daemon.uwsgi());
        Identity id = site.identity();
        Path ini = daemon.siteRunDir(site.name()).resolve("uwsgi.ini");
        kernel.makeDir(ini.getParent(), 0750, id.gid());
        Path stats = id.chroot() == null ? statsSocket(site, generation, live) : null;
        kernel.writeFile(ini, generatedIni(site, sockets, stats), 0640, 0, id.gid());
        List<String> argv;
        if (id.chroot() == null) {
            argv = new ArrayList<>(dropPrivileges(id));
            argv.addAll(List.of(daemon.uwsgi().toString(), "--ini", ini.toString()));
        } else {
            argv = jailed(site, ini, sockets);
        }
        return new ChildSpec(site.name(), daemon.setpriv().toString(), argv, ENV, sockets, log);
    }

    /**
     * A jailed site: setpriv forbids new privileges and keeps only the capabilities chroot needs,
     * then chroot enters the jail and drops to the site's ids (which clears those too). The
     * generated config is copied to the jail's top, where uWSGI can read it after the chroot.
     */
    private List<String> jailed(SiteConfig site, Path ini, List<ListeningSocket> sockets) throws OsException {
        Identity id = site.identity();
        StrictModes.check(CHROOT);
        StrictModes.checkDirectory(id.chroot());
        String inJail = "/.uwsgid-" + site.name() + ".ini";
        kernel.writeFile(Path.of(id.chroot() + inJail), generatedIni(site, sockets), 0640, 0, id.gid());
        String groups = id.groups() == null || id.groups().isEmpty() ? Integer.toString(id.gid())
                : id.groups().stream().map(String::valueOf).collect(Collectors.joining(","));
        return List.of("setpriv", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all,+sys_chroot,+setuid,+setgid", "--",
                CHROOT.toString(), "--userspec=" + id.uid() + ":" + id.gid(), "--groups=" + groups, id.chroot().toString(),
                realUwsgi(), "--ini", inJail);
    }

    /** The binary behind Debian's alternatives link: a jail has no /etc/alternatives. */
    private String realUwsgi() throws OsException {
        try {
            return daemon.uwsgi().toRealPath().toString();
        } catch (java.io.IOException e) {
            throw new OsException(2, daemon.uwsgi() + " does not exist; install uwsgi-core or set uwsgi = in uwsgid.ini");
        }
    }

    static final Path CHROOT = Setpriv.CHROOT;

    /**
     * One stats socket per generation, so a reload's new generation never takes the path of the
     * one still serving: in a directory the site's user owns (uWSGI binds it after the drop),
     * cleared of the sockets of generations that are gone. Null (no stats) rather than a failed spawn.
     */
    private Path statsSocket(SiteConfig site, int generation, Set<Integer> live) {
        Path sock = daemon.siteStatsSocket(site.name(), generation);
        if (sock.toString().length() > MAX_UNIX_PATH) {
            LOG.warn("{} - no uWSGI stats: {} is longer than a unix socket path may be", site.name(), sock);
            return null;
        }
        Set<String> keep = live.stream().map(n -> daemon.siteStatsSocket(site.name(), n).getFileName().toString()).collect(Collectors.toSet());
        try {
            kernel.makeSiteDir(sock.getParent(), site.identity().uid(), site.identity().gid(), keep);
            return sock;
        } catch (OsException e) {
            LOG.warn("{} - no uWSGI stats for generation {}: {}", site.name(), generation, e.getMessage());
            return null;
        }
    }

    /** setpriv sets the ids and groups, forbids gaining privileges again and clears every capability, then execs uWSGI. */
    static List<String> dropPrivileges(Identity id) {
        return Setpriv.args(id.uid(), id.gid(), id.groups());
    }

    /**
     * The site's options minus the master's, with its sockets as inherited fds 3.., a master
     * process (the emperor protocol needs one) and need-app (an app that fails to import must
     * fail the start, not serve errors) unless the site says otherwise, the stats server the
     * master reads (when {@code stats} is not null), and the workers' heartbeat hangs are noticed by.
     */
    static String generatedIni(SiteConfig site, List<ListeningSocket> sockets) {
        return generatedIni(site, sockets, null);
    }

    static String generatedIni(SiteConfig site, List<ListeningSocket> sockets, Path stats) {
        StringBuilder out = new StringBuilder("[uwsgi]\n; generated by uwsgid from " + site.file() + "; edit that file, not this one\n");
        for (int i = 0; i < sockets.size(); i++) {
            line(out, sockets.get(i).option(), "fd://" + (3 + i));
        }
        line(out, "listen", Integer.toString(site.sockets().get(0).backlog()));
        if (site.passthrough().stream().noneMatch(o -> o.key().equals("master"))) {
            line(out, "master", "true");
        }
        if (site.passthrough().stream().noneMatch(o -> o.key().equals("need-app"))) {
            line(out, "need-app", "true");
        }
        if (stats != null) {
            line(out, "stats", stats.toString());
        }
        if (site.heartbeat() > 0 && site.passthrough().stream().noneMatch(o -> o.key().equals("heartbeat"))) {
            line(out, "heartbeat", Integer.toString(site.heartbeat()));
        }
        for (Option o : site.passthrough()) {
            line(out, o.key(), o.value());
        }
        return out.toString();
    }

    /** Values are already resolved: a % must not be expanded a second time. */
    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(" = ").append(value.replace("%", "%%")).append('\n');
    }
}
