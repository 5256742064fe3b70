package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What must exist before a spawn, seen by root: the directories the master writes the socket, pid
 * file and log into, and the site's chdir, venv, wsgi-file and python-path. (Whether the site's
 * user can reach them is the access check's business.)
 */
final class PathCheck {
    private PathCheck() {}

    static List<Finding> run(SiteConfig site) {
        List<Finding> out = new ArrayList<>();
        List<Option> options = site.options();
        site.sockets().stream().filter(s -> s.isUnix()).forEach(s -> masterDir(option(site, s.address()), "socket", out));
        site.pidFiles().forEach(p -> masterDir(option(site, p.toString()), "pid file", out));
        if (site.logFile() != null) {
            masterDir(option(site, site.logFile().toString()), "log", out);
        }
        Path root = SiteOptions.root(site);
        Optional<Option> chdir = SiteOptions.last(options, "chdir");
        chdir.ifPresent(o -> mustExist(o, inSite(root, o.value(), Optional.empty()), true, "uWSGI stops at once (exit 1)", out));
        SiteOptions.last(options, SiteOptions.VENV).ifPresent(o -> mustExist(o, inSite(root, o.value(), chdir), true,
                "Python will not find its standard library", out));
        SiteOptions.last(options, SiteOptions.WSGI_FILE).ifPresent(o -> mustExist(o, inSite(root, o.value(), chdir), false,
                "no app will load", out));
        for (Option o : SiteOptions.all(options, SiteOptions.PYTHON_PATH)) {
            Path p = inSite(root, o.value(), chdir);
            if (!o.value().contains("*") && !Files.exists(p)) {
                out.add(Finding.warning(o, o.key() + " " + p + " does not exist: Python skips it, so nothing there can be imported",
                        "fix the path, or create it (a venv's site-packages appears when the venv is made: python3 -m venv DIR)"));
            }
        }
        return out;
    }

    private static void masterDir(Option o, String what, List<Finding> out) {
        Path dir = Path.of(o.value()).toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            out.add(Finding.error(o, "directory " + dir + " does not exist, so uwsgid cannot create the " + what + " " + o.value(),
                    "mkdir -p " + dir + (what.equals("socket") ? " (nginx must be able to enter it: chmod 755)" : "")));
        }
    }

    private static void mustExist(Option o, Path p, boolean dir, String consequence, List<Finding> out) {
        boolean ok = dir ? Files.isDirectory(p) : Files.isRegularFile(p);
        if (!ok) {
            out.add(Finding.error(o, o.key() + " " + p + (Files.exists(p) ? " is not a " + (dir ? "directory" : "file") : " does not exist")
                    + ": " + consequence, "fix the path, or create the " + (dir ? "directory" : "file")));
        }
    }

    private static Path inSite(Path root, String value, Optional<Option> chdir) {
        return SiteOptions.onHost(root, resolve(value, chdir));
    }

    /** uWSGI changes into chdir first: relative paths after it resolve there. */
    static Path resolve(String value, Optional<Option> chdir) {
        Path p = Path.of(value);
        if (p.isAbsolute() || chdir.isEmpty()) {
            return p.toAbsolutePath();
        }
        return Path.of(chdir.get().value()).resolve(p);
    }

    private static Option option(SiteConfig site, String value) {
        Option found = null;
        for (Option o : site.options()) {
            if (o.value().equals(value) || Path.of(o.value()).normalize().equals(Path.of(value).normalize())) {
                found = o;
            }
        }
        return found != null ? found : new Option("", value, site.file(), 0);
    }
}
