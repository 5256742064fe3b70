package io.uwsgid.config;

import java.nio.file.Path;

/** uWSGI's exported option: mutable because the expansion passes rewrite values in place. */
final class Entry {

    final String key;
    String value;
    boolean configured;
    boolean placeholder;
    final Path file;
    final int line;

    Entry(String key, String value, Path file, int line) {
        this.key = key;
        this.value = value;
        this.file = file;
        this.line = line;
    }

    Option toOption() {
        return new Option(Bytes.toText(key), Bytes.toText(value), file, line);
    }

    @Override
    public String toString() {
        return Bytes.toText(key) + " = " + Bytes.toText(value) + " (" + file + ":" + line + ")";
    }
}
