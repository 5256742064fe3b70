package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The master writes each site's log; USR1 reopens it for logrotate and no line is lost or misplaced. */
class LogIT {
    private static final Pattern REQUEST = Pattern.compile("GET /myproject/\\?n=(\\d+) ");

    @Test
    void usr1ReopensTheLogAndEveryRequestLineLandsInExactlyOneFile() throws Exception {
        try (Scene scene = new Scene("logs")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", Duration.ofSeconds(30));
                try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                    Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));
                    request(nginx, 0, 50);
                    Path rotated = scene.logs.resolve("myproject.log.1");
                    Files.move(scene.log("myproject"), rotated);
                    daemon.signal("USR1");
                    daemon.await("myproject - reopened its log file", Duration.ofSeconds(10));
                    request(nginx, 50, 100);
                    Thread.sleep(500);

                    List<Integer> before = numbers(rotated), after = numbers(scene.log("myproject"));
                    List<Integer> all = new ArrayList<>(before);
                    all.addAll(after);
                    all.sort(null);
                    assertEquals(java.util.stream.IntStream.range(0, 100).boxed().toList(), all, "every request logged once");
                    assertTrue(after.containsAll(java.util.stream.IntStream.range(50, 100).boxed().toList()),
                            "requests after the reopen go to the new file: " + after);
                    assertTrue(Files.readString(scene.log("myproject")).endsWith("\n"), "whole lines only");
                    assertEquals("root", Files.getOwner(scene.log("myproject")).getName(), "the master creates the log");
                }
            }
        }
    }

    private static void request(Nginx nginx, int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            assertEquals(200, Http.get(nginx.url("myproject") + "?n=" + i).status());
        }
    }

    /** The n of every {@code GET /myproject/?n=N} request line in {@code log}, in file order. */
    static List<Integer> numbers(Path log) throws Exception {
        List<Integer> out = new ArrayList<>();
        Matcher m = REQUEST.matcher(Files.readString(log));
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }
}
