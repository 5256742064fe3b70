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
            Option log = option(site, site.logFile().toString());
            if (!masterDir(log, "log", out)) {
                masterLog(log, out);
            }
        }
        loggerFiles(options).forEach((o, p) -> {
            if (p.getParent() != null && !Files.isDirectory(p.getParent())) {
                out.add(Finding.warning(o, "directory " + p.getParent() + " does not exist, so uWSGI cannot open its log file " + p
                        + " (it then runs and logs nothing)", "mkdir -p " + p.getParent() + " and let the site's user write there"));
            }
        });
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

    /** @return whether it found the directory missing */
    private static boolean masterDir(Option o, String what, List<Finding> out) {
        Path dir = Path.of(o.value()).toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            out.add(Finding.error(o, "directory " + dir + " does not exist, so uwsgid cannot create the " + what + " " + o.value(),
                    "mkdir -p " + dir + (what.equals("socket") ? " (nginx must be able to enter it: chmod 755)" : "")));
            return true;
        }
        return false;
    }

    /** The master opens the log as root, appending, without following a link: what would make that open fail. */
    private static void masterLog(Option o, List<Finding> out) {
        Path p = Path.of(o.value()).toAbsolutePath();
        if (Files.isSymbolicLink(p)) {
            out.add(Finding.error(o, o.key() + " " + p + " is a symbolic link: uwsgid opens logs without following links (a link could point it "
                    + "at any file root may write), so it cannot open it", "name the file the link points to (readlink -f " + p + ")"));
        } else if (Files.isDirectory(p)) {
            out.add(Finding.error(o, o.key() + " " + p + " is a directory, so uwsgid cannot open it as the site's log", "name a file in it, such as "
                    + p.resolve("site.log")));
        } else if (Files.exists(p) && (!Files.isRegularFile(p) || links(p) > 1)) {
            out.add(Finding.error(o, o.key() + " " + p + " is " + (Files.isRegularFile(p) ? "hard-linked elsewhere (" + links(p) + " links)"
                    : "not a regular file") + ": uwsgid refuses to write a site's log there", "remove it and let uwsgid create it"));
        } else if (io.uwsgid.os.Users.currentUid() == 0 && (Files.exists(p) ? !Files.isWritable(p) : !Files.isWritable(p.getParent()))) {
            // Only root's answer counts: the master opens it as root (a read-only mount refuses even root).
            out.add(Finding.error(o, "uwsgid cannot open the log " + p + " even as root (" + (Files.exists(p) ? p : p.getParent())
                    + " is not writable: a read-only file system?)", "log to a writable place, such as /var/log/uwsgi/"));
        }
    }

    private static int links(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (java.io.IOException | RuntimeException e) {
            return 1;
        }
    }

    /** {@code logger = [NAME ]file:PATH} and {@code file:logfile=PATH,...}: files uWSGI opens itself, as the site's user. */
    static java.util.Map<Option, Path> loggerFiles(List<Option> options) {
        java.util.Map<Option, Path> out = new java.util.LinkedHashMap<>();
        for (Option o : options) {
            if (!o.key().equals("logger") && !o.key().equals("req-logger")) {
                continue;
            }
            String v = o.value().replaceFirst("^\\S+\\s+(?=file:)", "");
            if (!v.startsWith("file:")) {
                continue;
            }
            String arg = v.substring(5);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|,)logfile=([^,]+)").matcher(arg);
            String path = m.find() ? m.group(1) : arg.contains("=") ? "" : arg;
            if (!path.isEmpty()) {
                out.put(o, Path.of(path).toAbsolutePath());
            }
        }
        return out;
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
