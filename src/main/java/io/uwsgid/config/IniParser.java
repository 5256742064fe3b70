package io.uwsgid.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Interim uWSGI-dialect reader (sections, comments, first '=', %n %d %p %c %(key)); full parity arrives with the conformance work. */
public final class IniParser {
    private IniParser() {}

    public static List<Option> parse(Path file) throws ConfigException {
        return parse(file, "uwsgi");
    }

    public static List<Option> parse(Path file, String section) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file, 0, "cannot read: " + e.getMessage(), "check the file exists and root can read it");
        }
        List<Option> out = new ArrayList<>();
        boolean in = false;
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith(";") || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("[")) {
                in = l.equals("[" + section + "]");
                continue;
            }
            int eq = l.indexOf('=');
            if (in && eq > 0) {
                out.add(new Option(l.substring(0, eq).strip(), expand(l.substring(eq + 1).strip(), file, out), file, i + 1));
            }
        }
        return out;
    }

    private static String expand(String v, Path file, List<Option> seen) {
        Path abs = file.toAbsolutePath();
        String name = abs.getFileName().toString();
        String n = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        v = v.replace("%n", n).replace("%d", abs.getParent() + "/").replace("%p", abs.toString())
                .replace("%c", abs.getParent().getFileName().toString());
        for (Option o : seen) {
            v = v.replace("%(" + o.key() + ")", o.value());
        }
        return v.replace("%%", "%");
    }
}
