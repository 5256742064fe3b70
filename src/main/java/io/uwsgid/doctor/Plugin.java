package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin a site names, and the file uWSGI would load for it.
 *
 * @param name     as written in the site file ({@code python34}, or a path)
 * @param origin   the {@code plugins} line
 * @param file     the file found, or null when there is none
 * @param lookedIn every file tried, in uWSGI's order
 * @param elf      what the file needs from the dynamic linker, or null when unknown
 */
record Plugin(String name, Option origin, Path file, List<Path> lookedIn, Elf elf) {
    private static final Pattern LIBPYTHON = Pattern.compile("^libpython(\\d+)\\.(\\d+)");
    private static final Pattern NAME = Pattern.compile("^python(\\d)(\\d+)$");

    boolean found() {
        return file != null;
    }

    boolean isPython() {
        return shortName().startsWith("python") || elf != null && elf.needed().stream().anyMatch(n -> n.startsWith("libpython"));
    }

    /** The name without directory and {@code _plugin.so}: {@code python34}. */
    String shortName() {
        String n = Path.of(name).getFileName().toString();
        return n.endsWith("_plugin.so") ? n.substring(0, n.length() - "_plugin.so".length()) : n;
    }

    /** The Python X.Y the plugin embeds: from the libpython it links, else from a name like python34; null if unknown. */
    String pythonVersion() {
        if (elf != null) {
            for (String lib : elf.needed()) {
                Matcher m = LIBPYTHON.matcher(lib);
                if (m.find()) {
                    return m.group(1) + "." + m.group(2);
                }
            }
        }
        Matcher m = NAME.matcher(shortName());
        return m.matches() ? m.group(1) + "." + m.group(2) : null;
    }

    @Override
    public String toString() {
        return shortName() + (file == null ? " (not found)" : " (" + file + ")");
    }
}
