package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the probe's answers into findings: for each path someone cannot use, the first component
 * that refuses, its mode and owner, and the fix that fits what the path is for.
 */
final class AccessCheck {
    /** What a path is for, which decides the fix: the site's code, a Python tree, or what nginx needs. */
    enum Kind { CODE, PYTHON, NGINX, LOG }

    /**
     * One path someone must be able to use.
     *
     * @param at      the line the finding points at
     * @param purpose what needs the path, in words: {@code virtualenv = /root/venv}
     */
    record Need(Probe.Query query, Option at, String purpose, Kind kind) {
        static Need of(Path path, String need, Option at, String purpose, Kind kind) {
            return new Need(new Probe.Query(path, need), at, purpose, kind);
        }
    }

    private AccessCheck() {}

    /** One finding per refusing component: several paths behind the same closed directory make one line that names them all. */
    /**
     * @param who  how findings name the user: {@code nobody}, or {@code nginx's user www-data}
     * @param user the user's name, for the fixes
     */
    static List<Finding> judge(String who, String user, List<Need> needs, Map<Probe.Query, Probe.Answer> answers) {
        Map<String, List<Need>> byBlocker = new LinkedHashMap<>();
        Map<String, Probe.Answer> answerOf = new LinkedHashMap<>();
        for (Need n : needs) {
            Probe.Answer a = answers.get(n.query());
            if (a != null && !a.ok()) {
                String key = a.at() + "\0" + a.refused() + "\0" + (isTarget(n, a) ? n.query() : "");
                byBlocker.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
                answerOf.putIfAbsent(key, a);
            }
        }
        List<Finding> out = new ArrayList<>();
        byBlocker.forEach((key, group) -> out.add(finding(who, user, group, answerOf.get(key))));
        return out;
    }

    private static boolean isTarget(Need n, Probe.Answer a) {
        return a.at().equals(n.query().path().toAbsolutePath().normalize());
    }

    private static Finding finding(String who, String user, List<Need> group, Probe.Answer a) {
        Need n = group.get(0);
        Path at = a.at();
        String purposes = purposes(group);
        if (a.refused() == Probe.Answer.MISSING) {
            return new Finding(Severity.ERROR, n.at().file(), n.at().line(), who + " sees no " + at + " (root does: a link "
                    + "it cannot follow?), so it cannot reach " + purposes, "make " + at + " a plain directory or file " + user + " can reach");
        }
        String verb = verb(a.refused(), Files.isDirectory(at));
        String message = who + " cannot " + verb + " " + at + " (" + FileFacts.describe(at) + "), so it cannot "
                + (isTarget(n, a) && n.query().need().contains("r") ? "use " : "reach ") + purposes;
        // A logger uWSGI cannot open loses the log, not the site: uWSGI runs on without it.
        Severity severity = n.kind() == Kind.LOG ? Severity.WARNING : Severity.ERROR;
        return new Finding(severity, n.at().file(), n.at().line(), message, fix(user, n, at, a.refused()));
    }

    private static String purposes(List<Need> group) {
        List<String> p = group.stream().map(Need::purpose).distinct().toList();
        return p.size() == 1 ? p.get(0) : String.join(", ", p.subList(0, p.size() - 1)) + " and " + p.get(p.size() - 1);
    }

    private static String verb(char refused, boolean dir) {
        return switch (refused) {
            case 'x' -> dir ? "enter" : "execute";
            case 'r' -> dir ? "list" : "read";
            case 'w' -> "write to";
            default -> "use";
        };
    }

    static String fix(String user, Need n, Path at, char refused) {
        String open = "chmod o+" + refused + " " + at;
        return switch (n.kind()) {
            case PYTHON -> "install Python and its venvs outside home directories and other private places (./configure --prefix=/usr/local"
                    + " --exec-prefix=/usr/local/pythonX.Y --enable-shared; the venv under the project, such as /var/www/SITE/venv), or let "
                    + user + " through: " + open;
            case CODE -> FileFacts.isHomeDirectory(at)
                    ? "move the project out of home directories, as the seed did (/var/www/myproject), or let " + user + " through: " + open
                    : open + " (or give it to a group " + user + " is in and chmod g+" + refused + ")";
            case LOG -> "give the file to the site's user (touch FILE && chown " + user + " FILE), or use logto = FILE, which uwsgid opens as root";
            case NGINX -> open + " (or give it to a group " + user + " is in and chmod g+" + refused + "), or keep the site's "
                    + (n.purpose().startsWith("socket") ? "socket in a directory nginx can enter, such as /run/uwsgi" : "static files where nginx can read them");
        };
    }
}
