package io.uwsgid.doctor;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.DaemonConfigLoader;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A scratch directory holding one site file, its daemon settings (nginx's user: nobody), and its findings. */
final class Fixture {
    /** The lines every site here starts with: what SiteLoader requires. */
    static final String HEAD = "[uwsgi]\nuid = nobody\ngid = nogroup\n";

    final Path dir;
    final DaemonConfig daemon;

    Fixture(Path dir) {
        this.dir = dir;
        try {
            this.daemon = new DaemonConfigLoader().set("sites-dir", dir.toString()).set("run-dir", dir.resolve("run").toString())
                    .set("uwsgi", "/usr/bin/uwsgi").set("setpriv", "/usr/bin/setpriv").set("nginx-user", "nobody").build();
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    Path write(String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path mkdir(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HEAD, a socket in the scratch dir, then {@code body}; {@code $D} stands for the scratch dir. */
    SiteConfig site(String body) {
        Path f = write("site.ini", HEAD + "socket = " + dir.resolve("site.sock") + "\n" + body.replace("$D", dir.toString()));
        try {
            return SiteLoader.load(f, daemon);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    List<Finding> preflight(String body) {
        return Preflight.run(site(body), daemon);
    }

    /** The findings' lines, as check prints them. */
    static List<String> lines(List<Finding> findings) {
        return findings.stream().map(Finding::toString).toList();
    }
}
