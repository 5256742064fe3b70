package io.uwsgid.config;

import java.nio.file.Path;

/** The config line responsible for an action, used to blame errors and to tag produced options. */
record Origin(Path file, int line) {

    ConfigException error(String problem, String fix) {
        return new ConfigException(file, line, problem, fix);
    }
}
