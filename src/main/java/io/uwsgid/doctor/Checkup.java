package io.uwsgid.doctor;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.CoreOptions;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.ParseContext;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteLoader;
import io.uwsgid.os.StrictModes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code uwsgictl check}: the file read as uwsgid reads it (its refusals and the parser's
 * warnings), the {@link Preflight} every spawn runs, then what needs other processes: access
 * probes as the site's user and as nginx's, a dry start of uWSGI as the site's user, and unknown
 * option names against what uWSGI and the site's plugins list. Those run only as root (they
 * switch users), never in the daemon.
 */
public final class Checkup {
    private final DaemonConfig daemon;
    private final List<Path> nginxFiles;
    private final List<NginxConf.Server> servers = new ArrayList<>();
    private final boolean probes;
    private final List<Finding> setup = new ArrayList<>();

    /**
     * @param nginxFiles nginx configs whose server blocks name the sites' static directories
     * @param probes     whether to run the checks that switch users (needs root)
     */
    public Checkup(DaemonConfig daemon, List<Path> nginxFiles, boolean probes) {
        this.daemon = daemon;
        this.nginxFiles = List.copyOf(nginxFiles);
        this.probes = probes;
        for (Path f : nginxFiles) {
            try {
                servers.addAll(NginxConf.servers(f));
            } catch (IOException | RuntimeException e) {
                setup.add(new Finding(Severity.ERROR, f, 0, "cannot read this nginx config: " + e.getMessage(), "name a readable nginx config file"));
            }
        }
    }

    public Report.Checked check(Path file) {
        List<Finding> out = new ArrayList<>(setup);
        ParseContext ctx = ParseContext.defaults();
        SiteConfig site = null;
        try {
            site = SiteLoader.load(file, daemon, ctx);
        } catch (ConfigException e) {
            out.add(Finding.of(e));
        }
        ctx.warnings().forEach(w -> out.add(Finding.of(w)));
        if (site != null) {
            out.addAll(Preflight.run(site, daemon));
            if (probes) {
                out.addAll(probe(site));
            } else {
                out.add(new Finding(Severity.INFO, file, 0, "not run as root: the checks as the site's user and as nginx's, and the dry start, were skipped",
                        "run uwsgictl check as root"));
            }
        }
        return new Report.Checked(SiteLoader.siteName(file), file, out);
    }

    private List<Finding> probe(SiteConfig site) {
        List<Finding> out = new ArrayList<>();
        if (StrictModes.problem(daemon.setpriv()).isPresent()) {
            return out;
        }
        Probe probe = new Probe(daemon.setpriv());
        if (site.identity().chroot() != null) {
            out.addAll(nginx(site, probe));
            out.add(new Finding(Severity.INFO, site.file(), 0, "the site runs in the jail " + site.identity().chroot() + ": its paths were "
                    + "checked inside the jail as root, not tried as its user, and uWSGI was not started dry", "start it: uWSGI's own errors "
                    + "show in uwsgictl status"));
            return out;
        }
        List<Plugin> plugins = Plugins.of(site.options());
        Who user = Who.of(site.identity());
        if (user.uid() != 0) {
            List<AccessCheck.Need> needs = SiteNeeds.of(site.options(), plugins);
            guarded(out, site, "the access check as " + user, () -> AccessCheck.judge(user.user(), user.user(), needs, ask(probe, user, needs)));
        }
        out.addAll(nginx(site, probe));
        boolean pluginsFound = plugins.stream().allMatch(Plugin::found);
        if (pluginsFound && StrictModes.problem(daemon.uwsgi()).isEmpty()) {
            DryStart dry = new DryStart(daemon.setpriv(), daemon.uwsgi());
            guarded(out, site, "the dry start", () -> dry.run(site, plugins));
            guarded(out, site, "the option names check", () -> unknownOptions(site, dry, user, plugins));
        }
        return out;
    }

    private List<Finding> nginx(SiteConfig site, Probe probe) {
        Optional<Who> nginx = Who.user(daemon.nginxUser());
        if (nginx.isEmpty()) {
            return List.of(new Finding(Severity.WARNING, site.file(), 0, "nginx's user " + daemon.nginxUser() + " does not exist, so what nginx "
                    + "may reach was not checked", "set nginx-user in uwsgid.ini to the user nginx's workers run as (ps -o user= -C nginx)"));
        }
        List<Finding> out = new ArrayList<>(NginxCheck.permissions(site, nginx.get()));
        String who = "nginx's user " + nginx.get().user();
        List<AccessCheck.Need> needs = NginxCheck.needs(site, servers);
        guarded(out, site, "the access check as " + who, () -> AccessCheck.judge(who, nginx.get().user(), needs, ask(probe, nginx.get(), needs)));
        out.addAll(NginxCheck.unmatched(site, nginxFiles, servers));
        return out;
    }

    private List<Finding> unknownOptions(SiteConfig site, DryStart dry, Who user, List<Plugin> plugins) throws IOException {
        Optional<Set<String>> names = dry.optionNames(user, plugins);
        if (names.isEmpty()) {
            return List.of();
        }
        Set<String> known = new HashSet<>(names.get());
        known.addAll(CoreOptions.names());
        known.addAll(io.uwsgid.config.OwnOptions.KEYS);
        return UnknownOptions.run(site.options(), known);
    }

    private static Map<Probe.Query, Probe.Answer> ask(Probe probe, Who who, List<AccessCheck.Need> needs) throws IOException {
        return probe.ask(who, needs.stream().map(AccessCheck.Need::query).toList());
    }

    private interface Step {
        List<Finding> run() throws IOException;
    }

    private static void guarded(List<Finding> out, SiteConfig site, String what, Step step) {
        try {
            out.addAll(step.run());
        } catch (IOException | RuntimeException e) {
            out.add(new Finding(Severity.WARNING, site.file(), 0, what + " could not run: " + e.getMessage(), "run uwsgictl check as root"));
        }
    }
}
