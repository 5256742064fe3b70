package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The site's Python pieces agree: the venv's {@code pyvenv.cfg} version, the plugin's Python and
 * every {@code lib/pythonX.Y/site-packages} in python-path are the same X.Y. A venv made by another
 * Python (the seed's: recreate it after every move, with the plugin's own Python) hides the site's
 * packages from the plugin's interpreter.
 */
final class PythonCheck {
    private static final Pattern SITE_PACKAGES = Pattern.compile("/lib/python(\\d+\\.\\d+)/site-packages/?$");

    private PythonCheck() {}

    static List<Finding> run(List<Option> options, List<Plugin> plugins, Path root) {
        List<Finding> out = new ArrayList<>();
        Optional<String> version = Plugins.pythonVersion(plugins);
        String plugin = plugins.stream().filter(p -> p.found() && p.isPython()).map(Plugin::shortName).findFirst().orElse("python");
        SiteOptions.last(options, SiteOptions.VENV).ifPresent(o -> venv(o, root, plugin, version.orElse(null), out));
        if (version.isPresent()) {
            for (Option o : SiteOptions.all(options, SiteOptions.PYTHON_PATH)) {
                Matcher m = SITE_PACKAGES.matcher(o.value());
                if (m.find() && !m.group(1).equals(version.get())) {
                    String venv = o.value().substring(0, m.start());
                    out.add(Finding.error(o, o.key() + " " + o.value() + " holds packages installed for Python " + m.group(1) + ", but plugin "
                            + plugin + " runs Python " + version.get(), "recreate the venv with Python " + version.get() + " ("
                            + pythonFor(version.get()) + " -m venv " + venv + ", then pip install your requirements) and write "
                            + o.key() + " = " + venv + "/lib/python" + version.get() + "/site-packages; or use a plugin built for Python " + m.group(1)));
                }
            }
        }
        return out;
    }

    private static void venv(Option o, Path root, String plugin, String version, List<Finding> out) {
        Path dir = SiteOptions.onHost(root, Path.of(o.value()));
        if (!Files.isDirectory(dir)) {
            return;
        }
        Optional<PyVenv> cfg = PyVenv.read(dir);
        if (cfg.isPresent()) {
            String made = cfg.get().majorMinor();
            if (version != null && made != null && !made.equals(version)) {
                out.add(Finding.error(o, o.key() + " " + dir + " was made by Python " + cfg.get().version() + " (its pyvenv.cfg), but plugin "
                        + plugin + " runs Python " + version + ": the site's packages in lib/python" + made + " are invisible to it",
                        "recreate the venv with the plugin's Python: rm -r " + dir + " && " + pythonFor(version) + " -m venv " + dir
                                + " && " + dir + "/bin/pip install -r requirements.txt"));
            } else if (cfg.get().home() != null && !Files.isDirectory(SiteOptions.onHost(root, Path.of(cfg.get().home())))) {
                out.add(Finding.warning(o, o.key() + " " + dir + " was made by a Python that is gone (pyvenv.cfg: home = " + cfg.get().home()
                        + "): a venv does not survive moving or removing its Python", "recreate it: " + pythonFor(version) + " -m venv " + dir));
            }
            return;
        }
        List<String> pythons = libPythons(dir);
        if (version != null && !pythons.isEmpty() && !pythons.contains(version)) {
            out.add(Finding.error(o, o.key() + " " + dir + " holds Python " + String.join(", ", pythons) + " (lib/python" + pythons.get(0)
                    + "), but plugin " + plugin + " runs Python " + version, "point " + o.key() + " at a Python " + version
                    + " installation or venv, or use a plugin built for Python " + pythons.get(0)));
        } else if (version != null && pythons.isEmpty()) {
            out.add(Finding.error(o, o.key() + " " + dir + " is neither a venv (no pyvenv.cfg) nor a Python installation (no lib/python"
                    + version + "): Python will not find its standard library (No module named 'encodings')",
                    "point " + o.key() + " at the venv's directory (the one holding pyvenv.cfg), or make one: " + pythonFor(version) + " -m venv " + dir));
        }
    }

    /** X.Y of every lib/pythonX.Y under a Python prefix. */
    private static List<String> libPythons(Path prefix) {
        try (Stream<Path> s = Files.list(prefix.resolve("lib"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("python\\d+\\.\\d+")).map(n -> n.substring(6)).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The interpreter to make a venv for Python X.Y with: the first that exists, else the bare name. */
    static String pythonFor(String version) {
        if (version == null) {
            return "pythonX.Y";
        }
        for (String dir : List.of("/usr/bin/", "/usr/local/bin/", "/usr/local/python" + version + "/bin/")) {
            if (Files.isExecutable(Path.of(dir + "python" + version))) {
                return dir + "python" + version;
            }
        }
        return "python" + version;
    }
}
