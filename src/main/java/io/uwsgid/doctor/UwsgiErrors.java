package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what uWSGI 2.0 printed when a dry start failed and names the seed's cases: a libpython
 * the dynamic linker cannot find, a plugin built against a Python without --enable-shared, a
 * Python that cannot load its standard library, a chdir the user may not enter.
 */
final class UwsgiErrors {
    /** The line uWSGI prints when the dry start got as far as it should: plugins loaded, Python up, app next. */
    static final String STARTED = "running \"exit:0\" (pre app)";
    private static final Pattern NO_LIBRARY = Pattern.compile("(?:^|: )([^\\s:]+\\.so[.0-9]*): cannot open shared object file");
    private static final Pattern UNDEFINED = Pattern.compile("^(\\S+\\.so): undefined symbol: (\\S+)");
    private static final Pattern NOT_PIC = Pattern.compile("relocation R_\\S+ against .*(recompile with -fPIC|could not be used when making a shared object)");
    private static final Pattern PREFIX = Pattern.compile("sys\\.prefix = '([^']*)'");
    private static final Pattern CHDIR = Pattern.compile("^chdir\\(\\): (.*?)( \\[.*)?$");
    private static final Pattern UNABLE = Pattern.compile("!!! UNABLE to load uWSGI plugin: (.*) !!!");

    private UwsgiErrors() {}

    static boolean started(List<String> output) {
        return output.stream().anyMatch(l -> l.contains(STARTED));
    }

    /**
     * The findings for a dry start that failed; empty if it got to the app. uWSGI carries on after a
     * plugin fails to load (and then finds no app), so reaching the app is not enough: nothing on
     * the way may have failed.
     */
    static List<Finding> map(List<String> output, int exit, SiteConfig site, List<Plugin> plugins, String user) {
        List<Finding> out = new ArrayList<>();
        for (String line : output) {
            mapLine(line, output, site, plugins, user).ifPresent(out::add);
        }
        if (out.isEmpty() && !started(output)) {
            out.add(new Finding(Severity.ERROR, site.file(), 0, "uWSGI, started as " + user + " with this site's plugins and Python settings, "
                    + (exit < 0 ? "did not finish within its time" : "exited (" + exit + ")") + " before the app would load: " + tail(output),
                    "fix what uWSGI says; the daemon's start would fail the same way"));
        }
        return out;
    }

    private static Optional<Finding> mapLine(String line, List<String> output, SiteConfig site, List<Plugin> plugins, String user) {
        Matcher m = UNDEFINED.matcher(line);
        if (m.find()) {
            return Optional.of(notShared(pluginOf(Path.of(m.group(1)), plugins), "undefined symbol " + m.group(2), site));
        }
        if (NOT_PIC.matcher(line).find()) {
            return Optional.of(notShared(pluginOf(null, plugins), line.strip(), site));
        }
        if ((m = NO_LIBRARY.matcher(line)).find()) {
            String lib = Path.of(m.group(1)).getFileName().toString();
            if (lib.endsWith("_plugin.so")) {
                return Optional.of(Finding.error(origin(null, site), "uWSGI found no plugin file " + m.group(1), "see the plugin findings"));
            }
            Plugin p = plugins.stream().filter(x -> x.elf() != null && x.elf().needed().contains(lib)).findFirst()
                    .orElse(plugins.stream().filter(Plugin::found).findFirst().orElse(null));
            Linker linker = Linker.system();
            if (p == null || p.elf() == null) {
                return Optional.of(Finding.error(origin(p, site), "a plugin needs " + lib + ", which the dynamic linker cannot find", PluginCheck.libraryFix(lib)));
            }
            Optional<Path> rootSees = linker.resolve(lib, p.file(), p.elf());
            if (rootSees.isPresent()) {
                return Optional.of(Finding.error(p.origin(), "plugin " + p.shortName() + " does not load as " + user + ": it needs " + rootSees.get()
                        + ", which " + user + " cannot reach (root can)", "see the finding on what " + user + " cannot enter; install Python "
                        + "outside home directories (./configure --prefix=/usr/local --exec-prefix=/usr/local/pythonX.Y --enable-shared) and rebuild the plugin with it"));
            }
            return Optional.of(Finding.error(p.origin(), PluginCheck.missingLibrary(p.shortName(), p.file(), lib, linker.searched(p.file(), p.elf())),
                    PluginCheck.libraryFix(lib)));
        }
        if ((m = UNABLE.matcher(line)).find()) {
            return Optional.of(Finding.error(origin(null, site), "uWSGI could not load a plugin: " + m.group(1), "see the plugin findings"));
        }
        if ((m = CHDIR.matcher(line)).find()) {
            Option at = SiteOptions.last(site.options(), "chdir").orElse(origin(null, site));
            return Optional.of(Finding.error(at, "uWSGI, as " + user + ", cannot chdir to " + at.value() + ": " + m.group(1),
                    "let " + user + " enter every directory on the way (see the access findings), or fix the path"));
        }
        if (line.contains("No module named 'encodings'")) {
            String prefix = output.stream().map(PREFIX::matcher).filter(Matcher::find).map(x -> x.group(1)).findFirst().orElse("?");
            Option at = SiteOptions.last(site.options(), SiteOptions.VENV).orElse(origin(plugins.stream().filter(Plugin::isPython).findFirst().orElse(null), site));
            return Optional.of(Finding.error(at, "Python, started as " + user + ", cannot load its standard library (No module named 'encodings'; "
                    + "sys.prefix = " + prefix + "): " + user + " cannot read it, or " + at.key() + " is not a venv of the plugin's Python",
                    "install Python outside home directories and let " + user + " read it, and make the venv with the plugin's own Python"));
        }
        return Optional.empty();
    }

    private static Finding notShared(Plugin p, String what, SiteConfig site) {
        return Finding.error(origin(p, site), "plugin " + name(p) + " does not load (" + what + "): it was built against a Python "
                + "without a shared libpython (configured without --enable-shared) or against another uWSGI",
                "rebuild that Python with ./configure --enable-shared, then the plugin with it: PYTHON=/usr/local/pythonX.Y/bin/pythonX.Y"
                        + " uwsgi --build-plugin \"/usr/src/uwsgi/plugins/python " + name(p) + "\"");
    }

    private static Plugin pluginOf(Path file, List<Plugin> plugins) {
        return plugins.stream().filter(p -> file != null && file.equals(p.file())).findFirst()
                .orElse(plugins.stream().filter(Plugin::isPython).findFirst().orElse(null));
    }

    private static Option origin(Plugin p, SiteConfig site) {
        if (p != null) {
            return p.origin();
        }
        return SiteOptions.last(site.options(), SiteOptions.PLUGINS).orElse(new Option("", "", site.file(), 0));
    }

    private static String name(Plugin p) {
        return p == null ? "?" : p.shortName();
    }

    private static String tail(List<String> output) {
        List<String> last = output.subList(Math.max(0, output.size() - 3), output.size());
        return last.isEmpty() ? "(no output)" : String.join(" | ", last);
    }
}
