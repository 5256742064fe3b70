package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Setpriv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Starts uWSGI as the site's user, through the daemon's setpriv chain, with only what loading the
 * plugins and starting Python take (plugins by absolute path, so a failing dlopen is reported as
 * it is, not as uWSGI's fallback's; chdir, the venv, python-path, env), on an abstract socket,
 * and makes it exit just before it would load the app: nothing of the app runs. Its output, when
 * it fails, is read by {@link UwsgiErrors}.
 */
final class DryStart {
    private static final Set<String> KEPT = Set.of("chdir", "virtualenv", "venv", "home", "pyhome", "python-path", "pythonpath", "pp", "env");
    private static final Pattern HELP_OPTION = Pattern.compile("^\\s+(?:-\\S\\|)?--([A-Za-z0-9][A-Za-z0-9_.-]*)");
    private static final long TIMEOUT_SECONDS = 60;
    private final Path setpriv, uwsgi;

    DryStart(Path setpriv, Path uwsgi) {
        this.setpriv = setpriv;
        this.uwsgi = uwsgi;
    }

    List<Finding> run(SiteConfig site, List<Plugin> plugins) throws IOException {
        Path dir = Files.createTempDirectory("uwsgid-check-");
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
            Files.setAttribute(dir, "unix:gid", site.identity().gid());
            Path ini = dir.resolve("dry-start.ini");
            Files.writeString(ini, ini(site, plugins));
            Files.setPosixFilePermissions(ini, PosixFilePermissions.fromString("rw-r-----"));
            Files.setAttribute(ini, "unix:gid", site.identity().gid());
            Output o = exec(Who.of(site.identity()), List.of(uwsgi.toString(), "--ini", ini.toString()));
            return UwsgiErrors.map(o.lines(), o.exit(), site, plugins, site.identity().user());
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Every option uWSGI knows with these plugins loaded, from its --help as the site's user; empty if a plugin does not load. */
    Optional<Set<String>> optionNames(Who who, List<Plugin> plugins) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(uwsgi.toString()));
        if (!plugins.isEmpty()) {
            cmd.addAll(List.of("--plugins", plugins.stream().map(p -> p.file().toString()).collect(Collectors.joining(","))));
        }
        cmd.add("--help");
        Output o = exec(who, cmd);
        if (o.lines().stream().anyMatch(l -> l.contains("cannot open shared object") || l.contains("undefined symbol") || l.contains("UNABLE"))) {
            return Optional.empty();
        }
        Set<String> names = o.lines().stream().map(HELP_OPTION::matcher).filter(Matcher::find).map(m -> m.group(1)).collect(Collectors.toSet());
        return names.size() > 100 ? Optional.of(names) : Optional.empty();
    }

    static String ini(SiteConfig site, List<Plugin> plugins) {
        StringBuilder out = new StringBuilder("[uwsgi]\n; uwsgictl check's dry start of " + site.file() + ": plugins and Python only, exits before the app\n");
        plugins.forEach(p -> line(out, "plugins", p.file().toString()));
        for (Option o : site.options()) {
            if (KEPT.contains(o.key())) {
                line(out, o.key(), o.value());
            }
        }
        line(out, "master", "false");
        line(out, "processes", "1");
        line(out, "socket", "@uwsgid-check-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        line(out, "hook-pre-app", "exit:0");
        return out.toString();
    }

    /** Values are resolved already: a % must not be expanded again. */
    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(" = ").append(value.replace("%", "%%")).append('\n');
    }

    record Output(List<String> lines, int exit) {}

    /** Runs {@code program} as {@code who} through the setpriv chain, with only setpriv's environment; stdout and stderr together. */
    Output exec(Who who, List<String> program) throws IOException {
        List<String> cmd = new ArrayList<>(Setpriv.args(who.uid(), who.gid(), who.groups()));
        cmd.set(0, setpriv.toString());
        cmd.addAll(program);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(Path.of("/").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().clear();
        Setpriv.ENV.forEach(kv -> pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
        Process p = pb.start();
        CompletableFuture<String> text = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        try {
            boolean done = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            String out = text.get(10, TimeUnit.SECONDS);
            return new Output(out.lines().toList(), done ? p.exitValue() : -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("cannot read uWSGI's output: " + e, e);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
