package io.uwsgid.doctor;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.SiteConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks run before every spawn, on the daemon's event loop: only what is cheap and needs no
 * other process (stat calls and a few small reads): the security policy and StrictModes, plugins
 * and the libraries they need, the Python versions agreeing, the directories that must exist.
 * {@code uwsgictl check} runs these and then the expensive ones (see {@link Checkup}).
 */
public final class Preflight {
    private static final Logger LOG = LoggerFactory.getLogger(Preflight.class);

    private Preflight() {}

    /** @return every finding, errors first; an ERROR means the site must not be spawned */
    public static List<Finding> run(SiteConfig site, DaemonConfig daemon) {
        List<Finding> out = new ArrayList<>();
        guarded(site, out, () -> SecurityCheck.run(site, daemon));
        List<Plugin> plugins = new ArrayList<>();
        Path root = SiteOptions.root(site);
        guarded(site, out, () -> {
            plugins.addAll(Plugins.of(site.options(), root));
            return PluginCheck.run(site.options(), plugins, Linker.system(root), root);
        });
        guarded(site, out, () -> PythonCheck.run(site.options(), plugins, root));
        guarded(site, out, () -> PathCheck.run(site));
        guarded(site, out, () -> LimitsCheck.run(site, daemon, io.uwsgid.os.Cgroups.host()));
        return Report.ordered(out);
    }

    /** A check that breaks on an odd file must not take the daemon's loop with it: it becomes a warning. */
    private static void guarded(SiteConfig site, List<Finding> out, Supplier<List<Finding>> check) {
        try {
            out.addAll(check.get());
        } catch (RuntimeException e) {
            out.add(new Finding(Severity.WARNING, site.file(), 0, "a check could not finish: " + e, "report this to uwsgid's authors"));
        }
    }

    /**
     * What uwsgid runs before every spawn, on its event loop: warnings are logged; the errors come
     * back one line each, in check's words, and mean the site must not be spawned.
     */
    public static List<String> refusals(SiteConfig site, DaemonConfig daemon) {
        List<Finding> findings = run(site, daemon);
        findings.stream().filter(f -> !f.isError()).forEach(f -> LOG.warn("{} - {}", site.name(), f));
        return errors(findings);
    }

    /** The errors of a preflight as one line each, as uwsgictl check prints them; empty when the site may spawn. */
    public static List<String> errors(List<Finding> findings) {
        return findings.stream().filter(Finding::isError).map(Finding::toString).toList();
    }
}
