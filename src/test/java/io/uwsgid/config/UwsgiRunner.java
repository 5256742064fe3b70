package io.uwsgid.config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real uWSGI on a file and captures what {@code --show-config} prints, without letting it
 * act on the configuration: {@code UWSGI_RELOADS} makes it skip daemonizing and the pidfile, and
 * an unknown {@code --clock} (applied right after the config is printed) makes it exit before it
 * binds sockets, changes user or loads apps. The clock goes before {@code --ini} so that an
 * unterminated if-block in the file cannot swallow it.
 */
final class UwsgiRunner {

    static final Path UWSGI = Path.of("/usr/bin/uwsgi");
    private static final String STOP_CLOCK = "uwsgid-conformance-stop";
    private static final String BEGIN = ";uWSGI instance configuration\n[uwsgi]\n";
    private static final String END = ";end of configuration\n";
    private static final long TIMEOUT_SECONDS = 20;

    /** What uWSGI printed: the option lines, or null when it never finished printing them. */
    record Result(String config, String output) {
    }

    private UwsgiRunner() {
    }

    static Result showConfig(Path cwd, String file, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(UWSGI.toString(), "--show-config", "--clock", STOP_CLOCK, "--ini", file)
                .directory(cwd.toFile()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                        Path.of("/dev/null").toFile()));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().put("UWSGI_RELOADS", "0");
        Process process = pb.start();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(process.getInputStream(), captured));
        reader.start();
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("uwsgi did not exit within " + TIMEOUT_SECONDS + " s on " + file);
            }
            reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output;
        synchronized (captured) {
            output = captured.toString(StandardCharsets.UTF_8);
        }
        return new Result(extract(output, file), output);
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process was killed; what was read is what we have
        }
    }

    // Drops the options that came from our own command line: show-config, clock, ini.
    static String extract(String output, String file) {
        int begin = output.indexOf(BEGIN);
        int end = output.indexOf(END, Math.max(begin, 0));
        if (begin < 0 || end < 0) {
            return null;
        }
        String block = output.substring(begin + BEGIN.length(), end);
        String head = "show-config = true\nclock = " + STOP_CLOCK + "\nini = " + file + "\n";
        if (!block.startsWith(head)) {
            throw new IllegalStateException("unexpected show-config head in:\n" + block);
        }
        return block.substring(head.length());
    }

    static boolean installed() {
        return Files.isExecutable(UWSGI);
    }
}
