package io.uwsgid.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.DoublePredicate;

/** A running uwsgid's /metrics: its samples by series, and waiting for one to reach a value. */
final class Scrape {
    final Map<String, Double> samples = new HashMap<>();
    final String text;

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0) {
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
    }

    /** A uwsgid.ini in the scene that puts /metrics on a free loopback port, plus {@code extra} lines. */
    static Path config(Scene scene, int port, String... extra) throws Exception {
        return Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nmetrics = 127.0.0.1:" + port + "\n" + String.join("\n", extra) + "\n");
    }

    static Scrape of(int port) throws Exception {
        Http.Response r = Http.get("http://127.0.0.1:" + port + "/metrics");
        if (r.status() != 200) {
            throw new AssertionError("/metrics answered " + r.status() + ": " + r.body());
        }
        return new Scrape(r.body());
    }

    double value(String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("no series " + series + " in:\n" + text);
        }
        return v;
    }

    /** Scrapes until {@code series} satisfies {@code wanted}; returns that scrape. */
    static Scrape await(int port, String series, DoublePredicate wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Scrape last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = of(port);
                Double v = last.samples.get(series);
                if (v != null && wanted.test(v)) {
                    return last;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError(series + " did not reach the wanted value within " + timeout + "; last scrape:\n"
                + (last == null ? "none" : last.text.lines().filter(l -> l.startsWith("uwsgid_")).reduce("", (a, b) -> a + b + "\n")));
    }
}
