package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every plugin a site names exists where uWSGI will look, and the dynamic linker finds what it needs. */
final class PluginCheck {
    private final List<Option> options;
    private final Linker linker;
    private final Path root;
    private final List<Finding> out = new ArrayList<>();

    private PluginCheck(List<Option> options, Linker linker, Path root) {
        this.options = options;
        this.linker = linker;
        this.root = root;
    }

    /** @param root the site's jail (plugins, plugins-dir and libraries are looked for inside it), or / */
    static List<Finding> run(List<Option> options, List<Plugin> plugins, Linker linker, Path root) {
        PluginCheck c = new PluginCheck(options, linker, root);
        c.dirs();
        plugins.forEach(c::plugin);
        return c.out;
    }

    private void dirs() {
        for (Option o : SiteOptions.all(options, SiteOptions.PLUGINS_DIR)) {
            if (!Files.isDirectory(SiteOptions.onHost(root, Path.of(o.value())))) {
                out.add(Finding.warning(o, o.key() + " " + o.value() + " does not exist (uWSGI skips it without a word)",
                        "create it and put the plugins there (as the seed: cp python34_plugin.so " + o.value() + "/), or remove the line"));
            }
        }
    }

    private void plugin(Plugin p) {
        if (!p.found()) {
            notFound(p);
            return;
        }
        if (p.elf() == null) {
            return;
        }
        for (String lib : p.elf().needed()) {
            if (!linker.finds(lib, p.file(), p.elf())) {
                out.add(Finding.error(p.origin(), missingLibrary(p.shortName(), p.file(), lib, linker.searched(p.file(), p.elf())),
                        libraryFix(lib)));
            }
        }
    }

    private void notFound(Plugin p) {
        Optional<Option> later = Plugins.laterDirHolding(p, options, root);
        if (later.isPresent()) {
            out.add(Finding.error(p.origin(), "plugin " + p.shortName() + " is in " + later.get().value() + ", but " + later.get().key()
                    + " comes after this line (line " + later.get().line() + "): uWSGI loads plugins as it reads them, so it looked only in "
                    + looked(p), "move the " + later.get().key() + " line above this one"));
            return;
        }
        String where = p.lookedIn().get(0).getParent().toString();
        String fix = p.isPython()
                ? "use a plugin Debian ships (apt-get install uwsgi-plugin-python3; plugins = python3), or build one for your Python: "
                        + "PYTHON=/usr/local/pythonX.Y/bin/pythonX.Y uwsgi --build-plugin \"/usr/src/uwsgi/plugins/python " + p.shortName()
                        + "\" and copy " + p.shortName() + "_plugin.so into " + where
                : "install the package that ships " + p.shortName() + "_plugin.so (apt-file search " + p.shortName()
                        + "_plugin.so) or build it, and put it in " + where;
        if (p.origin().key().startsWith("need-plugin")) {
            out.add(Finding.refusal(p.origin(), "plugin " + p.shortName() + " not found: no " + looked(p) + " (uWSGI refuses to start without a "
                    + p.origin().key() + ")", fix));
        } else {
            out.add(Finding.error(p.origin(), "plugin " + p.shortName() + " not found: no " + looked(p), fix));
        }
    }

    private static String looked(Plugin p) {
        return p.lookedIn().stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /** Also used to word the same failure when the dry start meets it, so the two reports read alike. */
    static String missingLibrary(String plugin, Path file, String lib, List<Path> searched) {
        return "plugin " + plugin + " (" + file + ") needs " + lib + ", which the dynamic linker cannot find (looked in "
                + Linker.CACHE + (searched.isEmpty() ? "" : " and " + searched.stream().map(Path::toString).collect(Collectors.joining(", ")))
                + "; uwsgid gives sites no LD_LIBRARY_PATH)";
    }

    static String libraryFix(String lib) {
        Optional<Path> there = Linker.locate(lib);
        if (there.isPresent()) {
            Path dir = there.get().getParent();
            return "it is in " + dir + ": register that directory with the dynamic linker: echo " + dir + " > /etc/ld.so.conf.d/"
                    + dir.toString().replaceAll("[^A-Za-z0-9.]+", "-").replaceAll("^-|-$", "") + ".conf && ldconfig"
                    + " (or link it where ld.so looks, as the seed did: ln -s " + there.get() + " /usr/local/lib/ && ldconfig)";
        }
        if (lib.startsWith("libpython")) {
            return "install the Python the plugin was built with, configured with --enable-shared (./configure --prefix=/usr/local "
                    + "--exec-prefix=/usr/local/pythonX.Y --enable-shared), then echo /usr/local/pythonX.Y/lib > /etc/ld.so.conf.d/pythonX.Y.conf "
                    + "&& ldconfig; or rebuild the plugin against a Python that is installed";
        }
        return "install the package that provides " + lib + " (apt-file search " + lib + "), then ldconfig";
    }
}
