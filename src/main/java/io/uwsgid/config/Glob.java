package io.uwsgid.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * glob(3) with GLOB_MARK | GLOB_NOCHECK, as {@code for-glob} uses it: {@code * ? [..]} per path
 * component, hidden names only for patterns that start with a dot, directories get a trailing
 * slash, results sorted bytewise, and the pattern itself when nothing matches.
 */
final class Glob {

    private static final int MAX_VISITS = 100_000;

    private Glob() {
    }

    static List<String> expand(String pattern, Path cwd) {
        List<String> found = new ArrayList<>();
        boolean absolute = pattern.startsWith("/");
        String[] parts = pattern.split("/+");
        int[] visits = {0};
        walk(absolute ? "/" : "", parts, absolute ? 1 : 0, cwd, found, visits);
        if (found.isEmpty()) {
            return List.of(pattern);
        }
        found.sort(null);
        return found;
    }

    private static void walk(String prefix, String[] parts, int index, Path cwd, List<String> found, int[] visits) {
        if (index >= parts.length) {
            Path p = FileAccess.resolve(prefix, cwd);
            if (p != null && Files.exists(p)) {
                found.add(Files.isDirectory(p) && !prefix.endsWith("/") ? prefix + "/" : prefix);
            }
            return;
        }
        String part = parts[index];
        String sep = prefix.isEmpty() || prefix.endsWith("/") ? "" : "/";
        if (!hasMagic(part)) {
            walk(prefix + sep + part, parts, index + 1, cwd, found, visits);
            return;
        }
        for (String name : list(prefix.isEmpty() ? "." : prefix, cwd)) {
            if (++visits[0] > MAX_VISITS) {
                return;
            }
            if ((name.startsWith(".") && !part.startsWith(".")) || !matches(part, 0, name, 0)) {
                continue;
            }
            walk(prefix + sep + name, parts, index + 1, cwd, found, visits);
        }
    }

    private static List<String> list(String dir, Path cwd) {
        List<String> names = new ArrayList<>();
        Path p = FileAccess.resolve(dir, cwd);
        if (p == null || !Files.isDirectory(p)) {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(p)) {
            for (Path child : stream) {
                names.add(Bytes.fromText(child.getFileName().toString()));
            }
        } catch (IOException | RuntimeException e) {
            return names;
        }
        return names;
    }

    private static boolean hasMagic(String part) {
        return part.indexOf('*') >= 0 || part.indexOf('?') >= 0 || part.indexOf('[') >= 0;
    }

    static boolean matches(String pat, int pi, String name, int ni) {
        while (pi < pat.length()) {
            char c = pat.charAt(pi);
            if (c == '*') {
                for (int k = ni; k <= name.length(); k++) {
                    if (matches(pat, pi + 1, name, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (ni >= name.length()) {
                return false;
            }
            if (c == '[') {
                int close = pat.indexOf(']', pi + 2);
                if (close > 0) {
                    if (!inClass(pat.substring(pi + 1, close), name.charAt(ni))) {
                        return false;
                    }
                    pi = close + 1;
                    ni++;
                    continue;
                }
            }
            if (c == '\\' && pi + 1 < pat.length()) {
                c = pat.charAt(++pi);
            } else if (c == '?') {
                c = name.charAt(ni);
            }
            if (c != name.charAt(ni)) {
                return false;
            }
            pi++;
            ni++;
        }
        return ni == name.length();
    }

    private static boolean inClass(String set, char c) {
        boolean negate = !set.isEmpty() && (set.charAt(0) == '!' || set.charAt(0) == '^');
        int i = negate ? 1 : 0;
        boolean hit = false;
        for (; i < set.length(); i++) {
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                hit |= c >= set.charAt(i) && c <= set.charAt(i + 2);
                i += 2;
            } else {
                hit |= c == set.charAt(i);
            }
        }
        return hit != negate;
    }
}
