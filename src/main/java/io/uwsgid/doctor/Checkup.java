package io.uwsgid.doctor;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.CoreOptions;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.IniParser;
import io.uwsgid.config.Option;
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
    /** The python plugin Debian ships (uwsgi-plugin-python3), named in the fix for a site that loads none. */
    static final String PYTHON_PLUGIN = "python3";
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
        List<Option> options;
        try {
            options = IniParser.parseCollectingStrict(file, "uwsgi", ctx);
        } catch (ConfigException e) {
            out.add(Finding.unreadable(e));
            ctx.warnings().forEach(w -> out.add(Finding.of(w)));
            out.add(new Finding(Severity.INFO, file, 0, "nothing else was checked: every other check needs the file's options, and uWSGI cannot read "
                    + "them either", "fix the error above, then check again"));
            return new Report.Checked(SiteLoader.siteName(file), file, out);
        }
        ctx.warnings().forEach(w -> out.add(IniParser.isStrictRefusal(w) ? Finding.strictRefusal(w) : Finding.of(w)));
        try {
            SiteLoader.Reading reading = SiteLoader.readAll(file, options, daemon);
            reading.refusals().forEach(e -> out.add(Finding.of(e)));
            out.addAll(Preflight.run(reading.site(), daemon));
            out.addAll(SocketCheck.run(reading.site()));
            if (probes) {
                out.addAll(probe(reading));
            } else {
                out.add(new Finding(Severity.INFO, file, 0, "not run as root: the checks as the site's user and as nginx's, uWSGI's own reading "
                        + "of the options and the dry start were skipped", "run uwsgictl check as root"));
            }
        } catch (ConfigException e) {
            out.add(Finding.of(e));
        }
        return new Report.Checked(SiteLoader.siteName(file), file, withoutEchoes(out));
    }

    private List<Finding> probe(SiteLoader.Reading reading) {
        SiteConfig site = reading.site();
        List<Finding> out = new ArrayList<>();
        if (StrictModes.problem(daemon.setpriv()).isPresent()) {
            out.add(new Finding(Severity.INFO, site.file(), 0, "the checks as the site's user and as nginx's, uWSGI's own reading and the dry start "
                    + "were not run: they go through " + daemon.setpriv() + ", which fails StrictModes (above)", "fix " + daemon.setpriv() + " first"));
            return out;
        }
        Probe probe = new Probe(daemon.setpriv());
        if (site.identity().chroot() != null) {
            out.addAll(nginx(site, probe, true));
            out.add(new Finding(Severity.INFO, site.file(), 0, "the site runs in the jail " + site.identity().chroot() + ": its paths were "
                    + "checked inside the jail as root, not tried as its user, and uWSGI neither read its options nor was started dry", "start it: uWSGI's own errors "
                    + "show in uwsgictl status"));
            return out;
        }
        List<Plugin> plugins = Plugins.of(site.options());
        Optional<String> notAsUser = whyNotAsUser(reading);
        out.addAll(nginx(site, probe, notAsUser.isEmpty()));
        List<Finding> read = uwsgiReading(site, plugins, notAsUser.isEmpty() ? Optional.of(Who.of(site.identity())) : Who.user("nobody"));
        if (notAsUser.isPresent()) {
            out.add(new Finding(Severity.INFO, site.file(), 0, "the access check as the site's user, whether nginx may connect to its socket, the dry "
                    + "start and the option names check were not run: " + notAsUser.get(), "fix the error above, then check again"));
        } else {
            out.addAll(asTheSitesUser(site, probe, plugins));
        }
        out.addAll(read);
        return out;
    }

    /** uWSGI's reading runs as the site's user, or as nobody when there is none: what uWSGI refuses while reading does not depend on who reads. */
    private List<Finding> uwsgiReading(SiteConfig site, List<Plugin> plugins, Optional<Who> reader) {
        List<Finding> out = new ArrayList<>();
        if (StrictModes.problem(daemon.uwsgi()).isEmpty() && reader.isPresent()) {
            DryStart runner = new DryStart(daemon.setpriv(), daemon.uwsgi());
            guarded(out, site, "uWSGI's own reading of the options", () -> new UwsgiReading(runner, daemon.uwsgi()).run(site, plugins, reader.get()));
        }
        return out;
    }

    private List<Finding> asTheSitesUser(SiteConfig site, Probe probe, List<Plugin> plugins) {
        List<Finding> out = new ArrayList<>();
        Who user = Who.of(site.identity());
        if (user.uid() != 0) {
            List<AccessCheck.Need> needs = SiteNeeds.of(site.options(), plugins);
            guarded(out, site, "the access check as " + user, () -> AccessCheck.judge(user.user(), user.user(), needs, ask(probe, user, needs)));
        }
        List<String> missing = plugins.stream().filter(p -> !p.found()).map(Plugin::shortName).toList();
        if (!missing.isEmpty()) {
            out.add(new Finding(Severity.INFO, site.file(), 0, "the dry start and the option names check were not run: plugin " + String.join(", ", missing)
                    + " is not found (above)", "install the plugin, then check again"));
        } else if (StrictModes.problem(daemon.uwsgi()).isEmpty()) {
            DryStart dry = new DryStart(daemon.setpriv(), daemon.uwsgi());
            guarded(out, site, "the dry start", () -> dry.run(site, plugins));
            guarded(out, site, "the option names check", () -> unknownOptions(site, dry, user, plugins));
        }
        return out;
    }

    /** Why nothing can run as the site's user: it does not exist, or it is root and uwsgid would refuse it. */
    private Optional<String> whyNotAsUser(SiteLoader.Reading reading) {
        SiteConfig.Identity id = reading.site().identity();
        if (SiteOptions.last(reading.site().options(), "uid").isEmpty()) {
            return Optional.of("the file names no uid");
        }
        if (!reading.identityKnown()) {
            return Optional.of("the site's user or group (" + id.user() + ":" + id.group() + ") does not exist");
        }
        if ((id.uid() == 0 || id.gid() == 0) && !daemon.allowRoot()) {
            return Optional.of("the site would run as root, which uwsgid refuses");
        }
        return Optional.empty();
    }

    /**
     * Under {@code strict = true} uWSGI stops at the first unknown option, and the option names
     * check names every one: a line uWSGI refuses is said once, by the first refusal of it, and
     * not again as an unknown option.
     */
    private static List<Finding> withoutEchoes(List<Finding> findings) {
        List<Finding> out = new ArrayList<>();
        Set<String> refusedLines = new HashSet<>();
        for (Finding f : findings) {
            if (f.refused() && f.line() > 0 && !refusedLines.add(f.file() + ":" + f.line())) {
                continue;
            }
            out.add(f);
        }
        return out.stream().filter(f -> f.refused() || !f.message().startsWith("unknown option") || !refusedLines.contains(f.file() + ":" + f.line()))
                .filter(f -> !isChdirEcho(f, out)).toList();
    }

    /** The dry start's "cannot chdir: No such file or directory" where the path check already found the chdir missing. */
    private static boolean isChdirEcho(Finding f, List<Finding> all) {
        return f.message().contains(" cannot chdir to ") && f.message().endsWith("No such file or directory")
                && all.stream().anyMatch(o -> o != f && o.line() == f.line() && o.file().equals(f.file()) && o.message().startsWith("chdir ")
                        && o.message().contains(" does not exist"));
    }

    private List<Finding> nginx(SiteConfig site, Probe probe, boolean ownerKnown) {
        Optional<Who> nginx = Who.user(daemon.nginxUser());
        if (nginx.isEmpty()) {
            return List.of(new Finding(Severity.WARNING, site.file(), 0, "nginx's user " + daemon.nginxUser() + " does not exist, so what nginx "
                    + "may reach was not checked", "set nginx-user in uwsgid.ini to the user nginx's workers run as (ps -o user= -C nginx)"));
        }
        List<Finding> out = new ArrayList<>(ownerKnown ? NginxCheck.permissions(site, nginx.get()) : List.of());
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
        Optional<Option> strict = SiteOptions.last(site.options(), "strict").filter(Option::isTrue);
        List<Finding> found = UnknownOptions.run(site.options(), known, pythonOptions(site, dry, user, plugins, known));
        return strict.isEmpty() ? found : found.stream().map(f -> UnknownOptions.underStrict(f, strict.get())).toList();
    }

    /**
     * Debian's uWSGI has no Python built in: a site that loads no python plugin but writes
     * {@code module} or {@code virtualenv} gets them ignored, and no app. The options only Debian's
     * python3 plugin knows, when the site loads no python plugin and uses one of them; else none.
     */
    private static Set<String> pythonOptions(SiteConfig site, DryStart dry, Who user, List<Plugin> plugins, Set<String> known) throws IOException {
        if (plugins.stream().anyMatch(Plugin::isPython) || site.options().stream().allMatch(o -> known.contains(o.key()))) {
            return Set.of();
        }
        List<Plugin> python = Plugins.of(List.of(new Option("plugins", PYTHON_PLUGIN, site.file(), 0)));
        if (!python.get(0).found()) {
            return Set.of();
        }
        Set<String> names = new HashSet<>(dry.optionNames(user, python).orElse(Set.of()));
        names.removeAll(known);
        return names;
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
