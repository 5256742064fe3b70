package io.uwsgid.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Sends GETs one after another on a thread until stopped; records every status. */
final class Load implements AutoCloseable {
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<String> failures = new ArrayList<>();
    private int ok;

    Load(String url) {
        thread = new Thread(() -> {
            while (running.get()) {
                record(url);
            }
        }, "load");
        thread.start();
    }

    private void record(String url) {
        try {
            Http.Response r = Http.get(url);
            synchronized (this) {
                if (r.status() == 200) {
                    ok++;
                } else {
                    failures.add(r.status() + " " + r.body().strip());
                }
            }
        } catch (Exception e) {
            synchronized (this) {
                failures.add(e.toString());
            }
        }
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
