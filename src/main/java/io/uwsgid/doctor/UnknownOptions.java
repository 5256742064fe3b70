package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Options neither uWSGI's core nor the site's plugins know. uWSGI ignores them (in an ini file an
 * unknown name is only a placeholder for {@code %(name)}), so a typo such as {@code wsgi-fiel}
 * fails much later as "no app loaded": name the closest known spelling. Names the file uses as
 * {@code %(name)} placeholders, or declares with {@code declare-option}, are meant.
 */
final class UnknownOptions {
    private static final Pattern REFERENCE = Pattern.compile("%\\(([^)]+)\\)");

    private UnknownOptions() {}

    static List<Finding> run(List<Option> options, Set<String> known) {
        return run(options, known, Set.of());
    }

    /** @param python options of Debian's python3 plugin, which the site does not load */
    static List<Finding> run(List<Option> options, Set<String> known, Set<String> python) {
        Set<String> meant = new HashSet<>(known);
        for (Option o : options) {
            if (o.key().equals("declare-option") || o.key().equals("declare-option2")) {
                meant.add(o.value().split("=", 2)[0].strip());
            }
        }
        options.stream().map(Option::file).distinct().forEach(f -> meant.addAll(references(f)));
        return options.stream().filter(o -> !meant.contains(o.key())).map(o -> python.contains(o.key()) ? python(o) : finding(o, known)).toList();
    }

    private static Finding python(Option o) {
        return Finding.error(o, "option '" + o.key() + "' belongs to the python plugin, and the site loads none: uWSGI ignores it, and no Python "
                + "app loads (Debian's uWSGI has no Python built in)", "load it above this line: plugins = " + Checkup.PYTHON_PLUGIN
                + " (apt-get install uwsgi-plugin-python3)");
    }

    /** Under {@code strict = true}, uWSGI exits at an unknown option instead of ignoring it. */
    static Finding underStrict(Finding f, Option strict) {
        return new Finding(Severity.ERROR, f.file(), f.line(), "uWSGI refuses this file in strict mode (strict = " + strict.value() + " on line "
                + strict.line() + "): " + f.message().replace(", so uWSGI ignores it", ""), strictFix(f), true);
    }

    private static String strictFix(Finding f) {
        if (f.fix().startsWith("did you mean")) {
            return f.fix();
        }
        String key = f.message().replaceFirst("^unknown option '([^']*)'.*", "$1");
        return UwsgiRefusals.pluginFor(key).map(p -> "if it is plugin " + p + "'s option, load it above this line: plugins = " + p
                + "; otherwise remove it").orElse(f.fix());
    }

    private static Finding finding(Option o, Set<String> known) {
        if (o.key().isEmpty()) {
            return Finding.warning(o, "a line with no option name ('= " + o.value() + "'): uWSGI keeps it and ignores it",
                    "write the option's name before the =, or remove the line");
        }
        String closest = closest(o.key(), known);
        return Finding.warning(o, "unknown option '" + o.key() + "': neither uWSGI's core nor the site's plugins know it, so uWSGI ignores it",
                closest != null ? "did you mean " + closest + "? write " + closest + " = " + o.value()
                        : "remove it, or load the plugin that provides it (plugins = ...)");
    }

    /** The known name at the smallest edit distance, if it is close enough to be a slip: at most 2 edits, or a quarter of its length. */
    static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance || d == bestDistance && best != null && k.compareTo(best) < 0) {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 4) ? best : null;
    }

    /** Damerau-Levenshtein (optimal string alignment): a swapped pair of letters is one slip. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static Set<String> references(Path file) {
        Set<String> out = new HashSet<>();
        try {
            Matcher m = REFERENCE.matcher(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            while (m.find()) {
                out.add(m.group(1));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // an unreadable include has no references we can honour
        }
        return out;
    }
}
