package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * uWSGI's own reading of what uwsgid would hand it: the site's resolved options (without those the
 * master carries out), read by the installed uWSGI as the site's user with {@code --show-config}
 * and a clock no uWSGI has, which makes it exit right after reading: it binds nothing, loads no
 * app, runs no hook. What it refuses while reading, it refuses at every start, before the app:
 * a route action no loaded plugin registers, a logger no loaded plugin provides, an unknown
 * option under {@code strict = true}. Plugins are passed by the file found for each, and those
 * not found are left out, as uWSGI skips a plugin it cannot load.
 */
final class UwsgiReading {
    static final String STOP_CLOCK = "uwsgid-check-stop";
    private static final String END = ";end of configuration";
    private static final int MAX_ROUNDS = 10;
    private final DryStart runner;
    private final Path uwsgi;

    UwsgiReading(DryStart runner, Path uwsgi) {
        this.runner = runner;
        this.uwsgi = uwsgi;
    }

    /**
     * uWSGI stops at the first option it refuses: each refused line is taken out and the rest read
     * again, so every refusal is named, not only the first.
     */
    List<Finding> run(SiteConfig site, List<Plugin> plugins, Who who) throws IOException {
        List<Option> written = new ArrayList<>(written(site, plugins));
        List<Finding> out = new ArrayList<>();
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Finding> found = readOnce(written, site, who);
            out.addAll(found);
            List<Option> refused = written.stream().filter(o -> found.stream().anyMatch(f -> f.line() > 0 && f.line() == o.line()
                    && o.file().equals(f.file()))).toList();
            if (refused.isEmpty()) {
                break;
            }
            written.removeAll(refused);
        }
        return out;
    }

    private List<Finding> readOnce(List<Option> written, SiteConfig site, Who who) throws IOException {
        Path dir = Files.createTempDirectory("uwsgid-reading-");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
            Files.setAttribute(dir, "unix:gid", who.gid());
            Path ini = dir.resolve("reading.ini");
            Files.writeString(ini, text(written));
            Files.setPosixFilePermissions(ini, PosixFilePermissions.fromString("rw-r-----"));
            Files.setAttribute(ini, "unix:gid", who.gid());
            DryStart.Output o = runner.exec(who, List.of(uwsgi.toString(), "--show-config", "--clock", STOP_CLOCK, "--ini", ini.toString()));
            return map(UwsgiRefusals.undated(o.lines()), written, site);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * The options uWSGI would get from uwsgid, each plugin by the file found for it; {@code strict}
     * kept, as the file meant it. Not {@code env}: uWSGI refuses nothing there, and it is where
     * site files keep their secrets (the reader may be nobody, whose group others share).
     */
    static List<Option> written(SiteConfig site, List<Plugin> plugins) {
        List<Option> out = new ArrayList<>();
        SiteOptions.last(site.options(), "strict").ifPresent(out::add);
        for (Option o : site.passthrough()) {
            if (SiteOptions.PLUGINS.contains(o.key())) {
                String files = plugins.stream().filter(p -> p.origin() == o && p.found()).map(p -> p.file().toString()).collect(Collectors.joining(","));
                if (!files.isEmpty()) {
                    out.add(new Option(o.key(), files, o.file(), o.line()));
                }
            } else if (!SiteOptions.PLUGINS_DIR.contains(o.key()) && !o.key().equals("env")) {
                out.add(o);
            }
        }
        return out;
    }

    /** Values are resolved already: a % must not be expanded again. */
    static String text(List<Option> options) {
        StringBuilder out = new StringBuilder("[uwsgi]\n");
        options.forEach(o -> out.append(o.key()).append(" = ").append(o.value().replace("%", "%%")).append('\n'));
        return out.toString();
    }

    /** One finding per refusal uWSGI printed; if it stopped reading without saying why in a known way, its last words. */
    static List<Finding> map(List<String> output, List<Option> written, SiteConfig site) {
        List<Finding> out = new ArrayList<>();
        for (String line : output) {
            UwsgiRefusals.finding(line, written, site.file()).ifPresent(out::add);
        }
        // With log-date's own format the lines carry a prefix undated() does not know: look inside them.
        boolean readToTheEnd = output.stream().anyMatch(l -> l.contains(END) || l.contains("unable to set \"" + STOP_CLOCK + "\" clock"));
        // A site's own logger takes uWSGI's output once the options are read: silence is no refusal.
        boolean saidSomething = output.stream().anyMatch(l -> !l.isBlank() && !l.startsWith("[uWSGI] getting"));
        if (out.isEmpty() && !readToTheEnd && saidSomething) {
            Option at = new Option("", "", site.file(), 0);
            out.add(Finding.refusal(at, "uWSGI refuses this file while reading it: " + last(output),
                    "fix what uWSGI says; every start of the site would stop there"));
        }
        return out;
    }

    private static String last(List<String> output) {
        return output.stream().filter(s -> !s.isBlank() && !s.startsWith("[uWSGI] getting")).reduce((a, b) -> b).orElse("");
    }
}
