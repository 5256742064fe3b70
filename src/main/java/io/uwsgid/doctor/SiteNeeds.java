package io.uwsgid.doctor;

import static io.uwsgid.doctor.AccessCheck.Kind.CODE;
import static io.uwsgid.doctor.AccessCheck.Kind.LOG;
import static io.uwsgid.doctor.AccessCheck.Kind.PYTHON;

import io.uwsgid.config.Option;
import io.uwsgid.doctor.AccessCheck.Need;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The paths a site's user must be able to use: chdir, every python-path, the venv and the Python
 * it was made from, wsgi-file, the module's package, the plugin files. Only paths root sees: a
 * missing one is the path check's finding.
 */
final class SiteNeeds {
    private SiteNeeds() {}

    static List<Need> of(List<Option> options, List<Plugin> plugins) {
        List<Need> out = new ArrayList<>();
        Optional<Option> chdir = SiteOptions.last(options, "chdir");
        chdir.ifPresent(o -> add(out, Path.of(o.value()), "x", o, CODE));
        List<Path> roots = new ArrayList<>();
        chdir.ifPresent(o -> roots.add(Path.of(o.value())));
        for (Option o : SiteOptions.all(options, SiteOptions.PYTHON_PATH)) {
            Path p = PathCheck.resolve(o.value(), chdir);
            if (!o.value().contains("*")) {
                add(out, p, "rx", o, CODE);
                roots.add(p);
            }
        }
        SiteOptions.last(options, SiteOptions.VENV).ifPresent(o -> venv(out, PathCheck.resolve(o.value(), chdir), o, plugins, roots));
        SiteOptions.last(options, SiteOptions.WSGI_FILE).ifPresent(o -> add(out, PathCheck.resolve(o.value(), chdir), "r", o, CODE));
        SiteOptions.last(options, SiteOptions.MODULE).ifPresent(o -> module(out, o, roots));
        PathCheck.loggerFiles(options).forEach((o, p) -> {
            Path target = Files.exists(p) ? p : p.getParent();
            if (target != null && Files.exists(target)) {
                out.add(Need.of(target, Files.exists(p) ? "w" : "wx", o, o.key() + " = " + o.value() + " (uWSGI opens it as the site's user; "
                        + "if it cannot, it runs and logs nothing)", LOG));
            }
        });
        Linker linker = Linker.system();
        for (Plugin p : plugins) {
            if (p.found()) {
                out.add(Need.of(p.file(), "r", p.origin(), "plugin " + p.shortName() + " (" + p.file() + ")", p.isPython() ? PYTHON : CODE));
                libpython(out, p, linker);
            }
        }
        return out;
    }

    /**
     * A self-built Python's library where only the plugin's RUNPATH finds it (uWSGI's build adds
     * one): the seed's pyenv Python under a home directory, which root reaches and the site's user does not.
     */
    private static void libpython(List<Need> out, Plugin p, Linker linker) {
        if (p.elf() == null) {
            return;
        }
        for (String lib : p.elf().needed()) {
            Optional<Path> at = lib.startsWith("libpython") ? linker.onlyInRunpath(lib, p.file(), p.elf()) : Optional.empty();
            at.ifPresent(a -> out.add(Need.of(a, "r", p.origin(), lib + ", which plugin " + p.shortName() + " needs (" + a + ")", PYTHON)));
        }
    }

    private static void venv(List<Need> out, Path dir, Option o, List<Plugin> plugins, List<Path> roots) {
        if (!add(out, dir, "rx", o, PYTHON)) {
            return;
        }
        Optional<PyVenv> cfg = PyVenv.read(dir);
        String version = cfg.map(PyVenv::majorMinor).orElse(Plugins.pythonVersion(plugins).orElse(null));
        if (version == null) {
            return;
        }
        Path sitePackages = dir.resolve("lib/python" + version + "/site-packages");
        if (add(out, sitePackages, "rx", o, PYTHON)) {
            roots.add(sitePackages);
        }
        if (cfg.isPresent() && cfg.get().home() != null) {
            Path base = Path.of(cfg.get().home()).getParent();
            if (base != null) {
                Path stdlib = base.resolve("lib/python" + version);
                if (Files.isDirectory(stdlib)) {
                    out.add(Need.of(stdlib, "rx", o, "the standard library of the Python it was made from (" + stdlib + "), which "
                            + o.key() + " = " + o.value() + " uses", PYTHON));
                }
            }
        }
    }

    /** module = pkg.mod[:callable]: the package (or module file) in chdir, python-path or the venv. */
    private static void module(List<Need> out, Option o, List<Path> roots) {
        String top = o.value().split("[:.]", 2)[0].strip();
        if (top.isEmpty() || top.contains("/")) {
            return;
        }
        for (Path root : roots) {
            if (Files.isDirectory(root.resolve(top))) {
                out.add(Need.of(root.resolve(top), "rx", o, "the package of " + o.key() + " = " + o.value() + " (" + root.resolve(top) + ")", CODE));
                return;
            }
            if (Files.isRegularFile(root.resolve(top + ".py"))) {
                out.add(Need.of(root.resolve(top + ".py"), "r", o, o.key() + " = " + o.value() + " (" + root.resolve(top + ".py") + ")", CODE));
                return;
            }
        }
    }

    /** Adds the need if root sees the path; tells whether it did. */
    private static boolean add(List<Need> out, Path p, String need, Option o, AccessCheck.Kind kind) {
        if (!Files.exists(p)) {
            return false;
        }
        out.add(Need.of(p, need, o, o.key() + " = " + o.value(), kind));
        return true;
    }
}
