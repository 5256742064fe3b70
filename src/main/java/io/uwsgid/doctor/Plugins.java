package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import io.uwsgid.os.RegularFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the plugin files a site's {@code plugins} lines name, the way uWSGI 2.0 does: a name with
 * a slash is a path; otherwise {@code NAME_plugin.so} in each {@code plugins-dir} read so far (the
 * options act as uWSGI reads them: a plugins-dir below the plugins line does not count), then in
 * the directory uWSGI was built with.
 */
final class Plugins {
    /** Debian's UWSGI_PLUGIN_DIR ({@code uwsgi --cflags}). */
    static final Path BUILT_IN_DIR = Path.of("/usr/lib/uwsgi/plugins");
    private static final int MAX_PLUGIN_SIZE = 64 << 20;
    /** Each plugin file's ELF dynamic section, read again when the file changes. */
    private static final ReadOnce<Optional<Elf>> ELVES = new ReadOnce<>();

    private Plugins() {}

    static List<Plugin> of(List<Option> options) {
        return of(options, Path.of("/"));
    }

    /** @param root the site's jail, whose plugins uWSGI loads once inside it, or / */
    static List<Plugin> of(List<Option> options, Path root) {
        List<Plugin> out = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        for (Option o : options) {
            if (SiteOptions.PLUGINS_DIR.contains(o.key()) && !o.value().isEmpty()) {
                dirs.add(SiteOptions.onHost(root, Path.of(o.value())));
            } else if (SiteOptions.PLUGINS.contains(o.key())) {
                for (String name : o.value().split(",")) {
                    if (!name.isBlank()) {
                        out.add(resolve(name.strip(), o, dirs, root));
                    }
                }
            }
        }
        return out;
    }

    private static Plugin resolve(String name, Option origin, List<Path> dirs, Path root) {
        List<Path> candidates = new ArrayList<>();
        if (name.contains("/")) {
            candidates.add(SiteOptions.onHost(root, Path.of(name.endsWith(".so") ? name : name + "_plugin.so")));
        } else {
            dirs.forEach(d -> candidates.add(d.resolve(name + "_plugin.so")));
            candidates.add(SiteOptions.onHost(root, BUILT_IN_DIR).resolve(name + "_plugin.so"));
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                Elf elf = ELVES.get(c, f -> RegularFiles.read(f, MAX_PLUGIN_SIZE).flatMap(Elf::read)).orElse(null);
                return new Plugin(name, origin, c, candidates, elf);
            }
        }
        return new Plugin(name, origin, null, candidates, null);
    }

    /** The Python version the site's first python plugin embeds, if known. */
    static Optional<String> pythonVersion(List<Plugin> plugins) {
        return plugins.stream().filter(p -> p.found() && p.isPython()).map(Plugin::pythonVersion).filter(v -> v != null).findFirst();
    }

    /** A plugins-dir written below the plugins line that names a plugin found there only. */
    static Optional<Option> laterDirHolding(Plugin p, List<Option> options, Path root) {
        boolean after = false;
        for (Option o : options) {
            after |= o == p.origin();
            if (after && SiteOptions.PLUGINS_DIR.contains(o.key())
                    && Files.isRegularFile(SiteOptions.onHost(root, Path.of(o.value())).resolve(p.shortName() + "_plugin.so"))) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
