package io.uwsgid.config;

import java.nio.file.Path;

/** One resolved option, where it was written. */
public record Option(String key, String value, Path file, int line) {
    @Override
    public String toString() {
        return key + " = " + value + " (" + file + ":" + line + ")";
    }
}
