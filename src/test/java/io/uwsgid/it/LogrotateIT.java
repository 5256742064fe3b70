package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The shipped /etc/logrotate.d/uwsgid, run with logrotate -f while a site serves: every request
 * line lands in exactly one file, and none in the old file once the rotation is done. The
 * daemon's own --log-file rotates with it.
 */
class LogrotateIT {
    private static final Path SHIPPED = Path.of("packaging/logrotate/uwsgid");

    @Test
    void rotatesSiteAndDaemonLogsUnderLoadWithoutLosingOrMisplacingALine() throws Exception {
        try (Scene scene = new Scene("logrotate")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            Path daemonLog = scene.logs.resolve("uwsgid.log");
            Path conf = shippedConfigFor(scene);
            try (Daemon daemon = Daemon.start(scene, "--log-file", daemonLog.toString());
                 Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                Http.await200(nginx.url("myproject"), Duration.ofSeconds(60));
                AtomicInteger counter = new AtomicInteger(1); // the number the next request gets
                List<String> failures = new ArrayList<>();
                java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
                Thread load = Load.numbered(nginx.url("myproject"), counter, running, failures);
                awaitCount(counter, 30);
                Shell.run("logrotate", "-f", "-s", scene.root.resolve("logrotate.state").toString(), conf.toString());
                int rotatedAt = counter.get() - 1;
                awaitCount(counter, rotatedAt + 30);
                running.set(false);
                load.join();
                int sent = counter.get() - 1;
                assertEquals(List.of(), failures);

                Path old = scene.logs.resolve("myproject.log.1");
                List<Integer> before = awaitAllLogged(sent, old, scene.log("myproject"));
                List<Integer> after = LogIT.numbers(scene.log("myproject"));
                assertTrue(before.stream().allMatch(n -> n <= rotatedAt), "nothing written to the old file after the rotation: " + before);
                assertTrue(after.containsAll(java.util.stream.IntStream.rangeClosed(rotatedAt + 1, sent).boxed().toList()),
                        "the new file has every later request");
                assertTrue(Files.readString(old).endsWith("\n") && Files.readString(scene.log("myproject")).endsWith("\n"), "whole lines only");

                assertTrue(Files.readString(scene.logs.resolve("uwsgid.log.1")).contains("myproject - STARTING -> RUNNING"), "the daemon's log rotated");
                assertTrue(Files.readString(daemonLog).contains("reopened the daemon's log file"), "and was reopened");
            }
        }
    }

    /** The shipped file with only its paths moved into the scene and uwsgictl pointed at the scene's daemon. */
    private static Path shippedConfigFor(Scene scene) throws Exception {
        String shipped = Files.readString(SHIPPED);
        String ctl = "java -XX:TieredStopAtLevel=1 -cp " + Daemon.JAR + " io.uwsgid.ctl.Ctl reopen-logs --socket " + scene.run.resolve("control.sock");
        String text = shipped.replace("/var/log/uwsgi/*.log /var/log/uwsgid/*.log", scene.logs + "/*.log")
                .replace("/usr/bin/uwsgictl reopen-logs >/dev/null 2>&1 || true", ctl);
        assertTrue(!text.equals(shipped) && text.contains(ctl), "the shipped config still has the expected paths and command");
        Path conf = scene.root.resolve("logrotate.conf");
        Files.writeString(conf, text);
        return conf;
    }

    private static void awaitCount(AtomicInteger counter, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (counter.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** Waits until the master has drained every line; returns the old file's numbers, each request exactly once over both files. */
    private static List<Integer> awaitAllLogged(int sent, Path old, Path current) throws Exception {
        List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, sent).boxed().toList();
        List<Integer> all = List.of();
        for (int i = 0; i < 200 && !all.equals(expected); i++) {
            Thread.sleep(50);
            List<Integer> both = new ArrayList<>(LogIT.numbers(old));
            both.addAll(LogIT.numbers(current));
            both.sort(null);
            all = both;
        }
        assertEquals(expected, all, "every request logged exactly once; old file " + LogIT.numbers(old) + ", new file " + LogIT.numbers(current));
        return LogIT.numbers(old);
    }
}
