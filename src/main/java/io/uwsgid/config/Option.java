package io.uwsgid.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One option after uWSGI-style resolution, in the order uWSGI itself keeps them.
 *
 * @param key   option name as written (may be empty: uWSGI keeps {@code = value} lines)
 * @param value resolved value (never null; a line without {@code =} has an empty value)
 * @param file  the file the line came from
 * @param line  1-based line number in {@code file}
 */
public record Option(String key, String value, Path file, int line) {

    /**
     * Reads the value the way uWSGI's boolean options do: everything is true except
     * {@code false}, {@code off}, {@code no} (any case) and exactly {@code 0}. An empty value is true.
     *
     * @return whether uWSGI would switch a boolean option on with this value
     */
    public boolean isTrue() {
        String v = value.toLowerCase(Locale.ROOT);
        return !(v.equals("false") || v.equals("off") || v.equals("no") || value.equals("0"));
    }

    @Override
    public String toString() {
        return key + " = " + value + " (" + file + ":" + line + ")";
    }
}
