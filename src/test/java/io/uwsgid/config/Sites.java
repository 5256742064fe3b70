package io.uwsgid.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** A scratch directory of site files, parsed with a fixed environment and host. */
final class Sites {

    static final HostFacts HOST = new HostFacts("web1", "/usr/bin/uwsgi-core", "2.0.21-debian", 4, 33, "www-data",
            33, "www-data", false, Clock.fixed(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L), ZoneOffset.UTC));

    final Path dir;
    ParseContext ctx;

    Sites(Path dir) {
        this.dir = dir;
        this.ctx = new ParseContext(Map.of("FOO", "foo", "HOME", "/home/app", "EMPTY", ""), dir,
                Limits.defaults(), HOST, new java.util.ArrayList<>());
    }

    Path write(String name, String text) {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    Path write(String name, byte[] bytes) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Option> parse(String name) throws ConfigException {
        return IniParser.parse(Path.of(name), "uwsgi", ctx);
    }

    /** The show-config text of a file written from {@code text}. */
    String show(String text) throws ConfigException {
        write("site.ini", text);
        return IniParser.showConfig(parse("site.ini"));
    }

    ConfigException failure(String text) {
        write("site.ini", text);
        try {
            parse("site.ini");
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + text);
    }
}
