package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** A real uwsgid process started from the built jar, as root, on a scene's directories. */
final class Daemon implements AutoCloseable {
    static final Path JAR = Path.of("target/uwsgid.jar").toAbsolutePath();
    /** The JVM options the daemon ships with (bin/uwsgid, the packages). */
    static final Path OPTIONS = Path.of("packaging/jvm/uwsgid.options").toAbsolutePath();
    static final Path CTL_OPTIONS = Path.of("packaging/jvm/uwsgictl.options").toAbsolutePath();
    final Process process;
    final Path output;
    /** Lines an await has already returned: each await returns a line not returned before. */
    private final java.util.Set<Integer> consumed = new java.util.HashSet<>();

    private Daemon(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static Daemon start(Scene scene, String... extra) throws IOException {
        return start(scene, List.of(), java.util.Map.of(), extra);
    }

    /** Started through {@code prefix} (such as setpriv, as systemd would confine it) with {@code env} added to its environment. */
    static Daemon start(Scene scene, List<String> prefix, java.util.Map<String, String> env, String... extra) throws IOException {
        if (!Files.exists(JAR)) {
            fail(JAR + " is missing: run the integration tests with mvn verify (they need the packaged jar)");
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of("java", "@" + OPTIONS, "-cp", JAR.toString(),
                "io.uwsgid.Main", "--sites-dir", scene.sites.toString(), "--run-dir", scene.run.toString()));
        cmd.addAll(List.of(extra));
        Path out = scene.root.resolve("daemon.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        return new Daemon(p, out);
    }

    long pid() {
        return process.pid();
    }

    void signal(String name) throws Exception {
        Shell.run("kill", "-" + name, Long.toString(pid()));
    }

    String log() throws IOException {
        return Files.readString(output);
    }

    /** Waits for a line matching {@code regex} that no earlier await returned; returns it. */
    String await(String regex, Duration timeout) throws Exception {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = log();
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (!consumed.contains(i) && p.matcher(lines[i]).find()) {
                    consumed.add(i);
                    return lines[i];
                }
            }
            if (!process.isAlive()) {
                fail("uwsgid exited (" + process.exitValue() + ") before logging /" + regex + "/:\n" + tail(text));
            }
            Thread.sleep(50);
        }
        return fail("no line /" + regex + "/ within " + timeout + " in the daemon's output:\n" + tail(log()));
    }

    private static String tail(String text) {
        return text.substring(Math.max(0, text.length() - 4000));
    }

    /** Stops it with TERM and returns its exit status. */
    int stop(Duration timeout) throws Exception {
        signal("TERM");
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("uwsgid did not exit within " + timeout + " of SIGTERM:\n" + tail(log()));
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("TERM");
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
