package io.uwsgid.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Sends GETs one after another on a thread until stopped; records every status, and when each was sent. */
final class Load implements AutoCloseable {
    /** One request: when it was sent (System.nanoTime), its status (-1: no response) and body or error. */
    record Sample(long sentAt, int status, String body) {}

    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> failures = new ArrayList<>();
    private int ok;

    /**
     * Sends {@code url?n=N} one after another while {@code running}, N taken from {@code next}
     * (so {@code next} is always the number the next request gets), so that each request can be
     * found in a site's log; a failure goes to {@code failures} as "N: status or error".
     */
    static Thread numbered(String url, java.util.concurrent.atomic.AtomicInteger next, AtomicBoolean running, List<String> failures) {
        Thread t = new Thread(() -> {
            while (running.get()) {
                int n = next.getAndIncrement();
                try {
                    int status = Http.get(url + "?n=" + n).status();
                    if (status != 200) {
                        synchronized (failures) {
                            failures.add(n + ": " + status);
                        }
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(n + ": " + e);
                    }
                }
            }
        }, "load");
        t.start();
        return t;
    }

    Load(String url) {
        thread = new Thread(() -> {
            while (running.get()) {
                record(url);
            }
        }, "load");
        thread.start();
    }

    private void record(String url) {
        long sent = System.nanoTime();
        try {
            Http.Response r = Http.get(url);
            synchronized (this) {
                samples.add(new Sample(sent, r.status(), r.body().strip()));
                if (r.status() == 200) {
                    ok++;
                } else {
                    failures.add(r.status() + " " + r.body().strip());
                }
            }
        } catch (Exception e) {
            synchronized (this) {
                samples.add(new Sample(sent, -1, e.toString()));
                failures.add(e.toString());
            }
        }
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    synchronized int ok() {
        return ok;
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
