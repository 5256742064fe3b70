package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * uwsgictl logs against a real uwsgid and a real uWSGI site behind nginx: the last lines, a
 * follower that sees every request exactly once across a logrotate-style move, reopen-logs and a reload,
 * a console site's kept output, who may read, and a follower killed mid-stream.
 */
class LogsIT {
    private static final Pattern REQUEST = Pattern.compile("GET /myproject/\\?n=(\\d+) ");

    @Test
    void lastLinesFollowAcrossReopenAccessAndAKilledFollower() throws Exception {
        try (Scene scene = new Scene("logs-ctl")) {
            Path ini = scene.root.resolve("uwsgid.ini");
            Files.writeString(ini, "[uwsgid]\ncontrol-group = " + Scene.GROUP + "\ncontrol-group-access = read\n");
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            scene.writeSite("console", scene.seedSite("console", "hello.py").replaceAll("(?m)^daemonize = .*$", ""));
            try (Daemon daemon = Daemon.start(scene, "--config", ini.toString());
                 Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                daemon.await("myproject - STARTING -> RUNNING", Duration.ofSeconds(60));
                daemon.await("console - STARTING -> RUNNING", Duration.ofSeconds(60));
                Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));

                lastLinesAreTheFilesLastLines(scene, nginx);
                aConsoleSiteShowsWhatTheDaemonKept(scene, daemon);
                errorsSayWhatIsWrong(scene);
                aFollowerSeesEveryLineOnceAcrossARotationAndAReload(scene, daemon, nginx);
                aKilledFollowerLeavesNothingBehind(scene, daemon, nginx);
                aFollowerIsToldWhenUwsgidStops(scene, daemon);
            }
        }
    }

    @Test
    void aChrootedSitesLogIsReadByTheDaemonAtThePathItsFileNames() throws Exception {
        try (Scene scene = new Scene("logs-chroot"); Jail jail = Jail.build(scene, "hello.py")) {
            scene.writeSite("jailed", String.join("\n", "[uwsgi]", "uid = nobody", "gid = nogroup", "chroot = " + jail.root,
                    "plugins = python3", "wsgi-file = /app/hello.py", "socket = " + scene.socket("jailed"), "chmod-socket = 644",
                    "logto = " + scene.log("jailed"), "processes = 1", "master = true", ""));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("jailed - STARTING -> RUNNING", Duration.ofSeconds(60));
                Thread.sleep(1000); // its start-up lines are all out
                List<String> file = Files.readAllLines(scene.log("jailed"));
                assertTrue(file.size() >= 3 && file.contains("[uWSGI] getting INI configuration from /.uwsgid-jailed.ini"),
                        "the jailed uWSGI (its config at the jail's root) wrote its start: " + file);
                Uwsgictl.Result r = Uwsgictl.run(scene, "logs", "jailed", "-n", "3");
                assertEquals(0, r.exit(), r.toString());
                assertEquals(file, Files.readAllLines(scene.log("jailed")), "nothing written meanwhile");
                assertEquals(file.subList(file.size() - 3, file.size()), r.out().lines().toList());
            }
        }
    }

    private void lastLinesAreTheFilesLastLines(Scene scene, Nginx nginx) throws Exception {
        request(nginx, 0, 20);
        awaitLogged(scene.log("myproject"), 19);
        Uwsgictl.Result five = Uwsgictl.run(scene, "logs", "myproject", "-n", "5");
        assertEquals(0, five.exit(), five.toString());
        List<String> file = Files.readAllLines(scene.log("myproject"));
        assertEquals(file.subList(file.size() - 5, file.size()), five.out().lines().toList());
        assertEquals(List.of(15, 16, 17, 18, 19), numbers(five.out()), five.out());

        Uwsgictl.Result byDefault = Uwsgictl.run(scene, "logs", "myproject");
        assertEquals(file.subList(file.size() - 10, file.size()), byDefault.out().lines().toList(), "10 lines by default, as tail");
    }

    private void aConsoleSiteShowsWhatTheDaemonKept(Scene scene, Daemon daemon) throws Exception {
        Uwsgictl.Result r = Uwsgictl.run(scene, "logs", "console", "-n", "3");
        assertEquals(0, r.exit(), r.toString());
        List<String> console = daemon.log().lines().filter(l -> l.startsWith("console| ")).map(l -> l.substring(9)).toList();
        assertTrue(console.size() >= 3, "the console site wrote to the daemon's console: " + console);
        assertEquals(console.subList(console.size() - 3, console.size()), r.out().lines().toList());
        assertTrue(r.err().contains("console has no log file") && r.err().contains("logto = /var/log/uwsgi/console.log"), r.err());
    }

    private void errorsSayWhatIsWrong(Scene scene) throws Exception {
        Uwsgictl.Result unknown = Uwsgictl.run(scene, "logs", "nosuch");
        assertEquals(7, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("no site named nosuch (sites: console, myproject)"), unknown.err());

        Uwsgictl.Result outsider = Uwsgictl.runAsGroup(scene, "daemon", "daemon", "logs", "myproject");
        assertEquals(4, outsider.exit(), outsider.toString());
        assertTrue(outsider.err().contains("uid 1 may not use uwsgid's control socket"), outsider.err());
        assertEquals("", outsider.out(), "not a line of the log");

        Uwsgictl.Result readGroup = Uwsgictl.runAs(scene, Scene.USER, "logs", "myproject");
        assertEquals(4, readGroup.exit(), readGroup.toString());
        assertTrue(readGroup.err().contains("'logs' shows what sites print, which may hold secrets: it needs root"), readGroup.err());
        assertEquals("", readGroup.out());
    }

    private void aFollowerSeesEveryLineOnceAcrossARotationAndAReload(Scene scene, Daemon daemon, Nginx nginx) throws Exception {
        Follower f = Follower.start(scene, "-f", "-n", "0");
        AtomicInteger next = new AtomicInteger(1000);
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> failures = new ArrayList<>();
        Thread load = Load.numbered(nginx.url("myproject"), next, running, failures);
        try {
            f.awaitCount(20, Duration.ofSeconds(30));
            Path rotated = scene.logs.resolve("myproject.log.1");
            Files.move(scene.log("myproject"), rotated);
            int movedAt = next.get();
            Uwsgictl.Result reopen = Uwsgictl.run(scene, "reopen-logs");
            assertEquals(0, reopen.exit(), reopen.toString());
            int reopenedAt = next.get();
            f.awaitCount(f.numbers().size() + 20, Duration.ofSeconds(30));
            Uwsgictl.Result reload = Uwsgictl.run(scene, "reload", "myproject"); // a deploy while someone follows
            assertEquals(0, reload.exit(), reload.toString());
            f.awaitCount(f.numbers().size() + 40, Duration.ofSeconds(30));
            running.set(false);
            load.join();
            int last = next.get() - 1;
            f.awaitLast(last, Duration.ofSeconds(10));
            assertEquals(List.of(), failures);

            List<Integer> seen = f.numbers();
            int first = seen.stream().min(Integer::compare).orElseThrow();
            assertTrue(first < movedAt, "following since before the move: first " + first + ", moved at " + movedAt);
            // two workers may log two requests in the other order: the count is exact, the order is the files'
            assertEquals(IntStream.rangeClosed(first, last).boxed().toList(), seen.stream().sorted().toList(), "every request once, none lost or repeated");
            List<Integer> old = LogIT.numbers(rotated), fresh = LogIT.numbers(scene.log("myproject"));
            List<Integer> files = new ArrayList<>(old);
            files.addAll(fresh);
            assertEquals(files.stream().filter(new java.util.HashSet<>(seen)::contains).toList(), seen,
                    "in the order the daemon wrote them");
            System.out.printf("LogsIT: follower saw %d requests (%d..%d); moved at %d, reopened at %d; old file %d, new file %d requests%n",
                    seen.size(), first, last, movedAt, reopenedAt, old.size(), fresh.size());
            assertTrue(old.contains(movedAt - 1) && fresh.contains(last) && fresh.size() >= last - reopenedAt,
                    "the requests were split over both files: old ends " + old.get(old.size() - 1) + ", new has " + fresh.size());
        } finally {
            running.set(false);
            f.stop("TERM");
        }
        daemon.await("myproject - generation \\d+ .*retired", Duration.ofSeconds(60)); // its pipe and sockets are closed: fds settle
        assertEquals(143, f.process.exitValue(), "ended by SIGTERM as any command is");
        assertFalse(f.stderr().contains("Exception"), f.stderr());
    }

    private void aKilledFollowerLeavesNothingBehind(Scene scene, Daemon daemon, Nginx nginx) throws Exception {
        for (int i = 0; i < 8; i++) { // every control handler thread exists from now on
            Uwsgictl.direct(scene, "status", "myproject");
        }
        Thread.sleep(1500); // the log thread of the follower before has ended (it idles out after 1 s)
        Footprint before = Footprint.of(daemon);
        assertEquals(0, before.logThreads(), before.toString());

        Follower f = Follower.start(scene, "-f", "-n", "1");
        f.awaitLines(1, Duration.ofSeconds(30));
        Thread.sleep(1500); // idle: the daemon checks on its reader meanwhile and keeps the stream
        request(nginx, 4000, 4001);
        f.awaitLast(4000, Duration.ofSeconds(10));
        assertEquals(List.of(4000), f.numbers(), "an idle follower still gets the next line");
        Footprint during = Footprint.of(daemon);
        assertEquals(1, during.logThreads(), during.toString());
        // the connection, and the epoll fd and eventfd of the selector its waits use
        assertEquals(before.fds() + 3, during.fds(), "one connection: " + before + " then " + during);
        f.stop("KILL"); // the site is idle: only the daemon's check for a gone reader can notice
        Footprint after = Footprint.awaitBack(daemon, before, Duration.ofSeconds(10));
        assertEquals(0, after.logThreads(), after.toString());
        assertEquals(before.fds(), after.fds(), "no fd left: " + before + " then " + after);
        assertTrue(after.threads() <= before.threads(), "no thread left: " + before + " then " + after);
        System.out.println("LogsIT: uwsgid before a follower " + before + ", following " + during + ", after it was killed " + after);

        request(nginx, 5000, 5003);
        awaitLogged(scene.log("myproject"), 5002);
        Uwsgictl.Result r = Uwsgictl.run(scene, "logs", "myproject", "-n", "1");
        assertEquals(List.of(5002), numbers(r.out()), "uwsgid serves and logs on: " + r);
    }

    private void aFollowerIsToldWhenUwsgidStops(Scene scene, Daemon daemon) throws Exception {
        Follower f = Follower.start(scene, "-f", "-n", "1");
        f.awaitLines(1, Duration.ofSeconds(30));
        assertEquals(0, daemon.stop(Duration.ofSeconds(40)));
        assertTrue(f.process.waitFor(10, TimeUnit.SECONDS), "uwsgictl logs -f ends when uwsgid does");
        assertEquals(0, f.process.exitValue(), f.stderr());
        assertTrue(f.stderr().contains("uwsgid is stopping"), f.stderr());
    }

    /** The daemon's open fds and threads, and its log stream threads among them. */
    record Footprint(int fds, int threads, int logThreads) {
        static Footprint of(Daemon d) throws Exception {
            Path proc = Path.of("/proc", Long.toString(d.pid()));
            int fds;
            try (var s = Files.list(proc.resolve("fd"))) {
                fds = (int) s.count();
            }
            List<String> names = new ArrayList<>();
            try (var s = Files.list(proc.resolve("task"))) {
                for (Path t : s.toList()) {
                    try {
                        names.add(Files.readString(t.resolve("comm")).trim());
                    } catch (java.io.IOException e) {
                        // the thread ended meanwhile
                    }
                }
            }
            return new Footprint(fds, names.size(), (int) names.stream().filter(n -> n.equals("uwsgid-logs")).count());
        }

        static Footprint awaitBack(Daemon d, Footprint before, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            Footprint now = of(d);
            while (System.nanoTime() < deadline && (now.logThreads() > 0 || now.fds() > before.fds())) {
                Thread.sleep(100);
                now = of(d);
            }
            return now;
        }
    }

    /** A uwsgictl logs running on, its output gathered as it comes. */
    static final class Follower {
        final Process process;
        private final List<String> lines = new ArrayList<>();
        private final Path err;

        private Follower(Process process, Path err) {
            this.process = process;
            this.err = err;
        }

        static Follower start(Scene scene, String... options) throws Exception {
            List<String> args = new ArrayList<>(List.of("logs", "myproject"));
            args.addAll(List.of(options));
            Path err = Files.createTempFile(scene.root, "follower", ".err");
            Process p = new ProcessBuilder(Uwsgictl.command(scene, null, null, args.toArray(String[]::new))).redirectError(err.toFile()).start();
            Follower f = new Follower(p, err);
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (f.lines) {
                            f.lines.add(line);
                        }
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            }, "follower-output");
            reader.setDaemon(true);
            reader.start();
            return f;
        }

        List<Integer> numbers() {
            synchronized (lines) {
                return LogsIT.numbers(String.join("\n", lines) + "\n");
            }
        }

        void awaitCount(int n, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (numbers().size() < n) {
                assertTrue(System.nanoTime() < deadline && process.isAlive(), "the follower saw " + numbers().size() + " of " + n + " lines; " + stderr());
                Thread.sleep(20);
            }
        }

        /** Waits until it printed {@code n} lines, whatever they are. */
        void awaitLines(int n, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (lines().size() < n) {
                assertTrue(System.nanoTime() < deadline && process.isAlive(), "the follower printed " + lines() + "; " + stderr());
                Thread.sleep(20);
            }
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        void awaitLast(int n, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!numbers().contains(n) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        String stderr() throws Exception {
            return Files.readString(err);
        }

        void stop(String signal) throws Exception {
            if (process.isAlive()) {
                Shell.run("kill", "-" + signal, Long.toString(process.pid()));
                assertTrue(process.waitFor(10, TimeUnit.SECONDS), "uwsgictl logs ends on SIG" + signal);
            }
        }
    }

    private static void request(Nginx nginx, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            assertEquals(200, Http.get(nginx.url("myproject") + "?n=" + i).status());
        }
    }

    private static void awaitLogged(Path log, int n) throws Exception {
        for (int i = 0; i < 200 && !LogIT.numbers(log).contains(n); i++) {
            Thread.sleep(25);
        }
        assertTrue(LogIT.numbers(log).contains(n), "request " + n + " is in " + log);
    }

    static List<Integer> numbers(String text) {
        List<Integer> out = new ArrayList<>();
        Matcher m = REQUEST.matcher(text);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }
}
