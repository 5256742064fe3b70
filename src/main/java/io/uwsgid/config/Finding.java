package io.uwsgid.config;

import java.nio.file.Path;

/**
 * A warning about a site file: uWSGI accepts it, but probably not the way its author meant.
 *
 * @param file    file the finding is about
 * @param line    1-based line, or 0 for the whole file
 * @param message what uWSGI will do and what to change
 */
public record Finding(Path file, int line, String message) {

    @Override
    public String toString() {
        return ConfigException.location(file, line) + ": warning: " + message;
    }
}
