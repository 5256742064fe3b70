package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reading a site's resolved options the way uWSGI does: the python plugin's aliases, the last one winning. */
final class SiteOptions {
    static final Set<String> VENV = Set.of("virtualenv", "venv", "home", "pyhome");
    static final Set<String> PYTHON_PATH = Set.of("python-path", "pythonpath", "pp");
    static final Set<String> WSGI_FILE = Set.of("wsgi-file", "file");
    static final Set<String> MODULE = Set.of("module", "wsgi");
    static final Set<String> PLUGINS = Set.of("plugins", "plugin", "need-plugins", "need-plugin");
    static final Set<String> PLUGINS_DIR = Set.of("plugins-dir", "plugin-dir");

    private SiteOptions() {}

    /** Where the site's own paths are: its jail's top, or /. */
    static Path root(SiteConfig site) {
        return site.identity().chroot() != null ? site.identity().chroot() : Path.of("/");
    }

    /** A path as the site names it, where it is on the host: under the jail for a jailed site. */
    static Path onHost(Path root, Path p) {
        return root.resolve(p.toString().replaceFirst("^/+", ""));
    }

    static Optional<Option> last(List<Option> options, Set<String> keys) {
        Option found = null;
        for (Option o : options) {
            if (keys.contains(o.key()) && !o.value().isEmpty()) {
                found = o;
            }
        }
        return Optional.ofNullable(found);
    }

    static Optional<Option> last(List<Option> options, String key) {
        return last(options, Set.of(key));
    }

    static List<Option> all(List<Option> options, Set<String> keys) {
        return options.stream().filter(o -> keys.contains(o.key()) && !o.value().isEmpty()).toList();
    }
}
