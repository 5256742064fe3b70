package io.uwsgid.config;

import java.nio.file.Path;

/** A site or daemon file that cannot be used: where, what, and the fix. */
public final class ConfigException extends Exception {
    private final transient Path file;
    private final int line;
    private final String fix;

    public ConfigException(Path file, int line, String message, String fix) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message + (fix == null ? "" : "; fix: " + fix));
        this.file = file;
        this.line = line;
        this.fix = fix;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String fix() {
        return fix;
    }
}
