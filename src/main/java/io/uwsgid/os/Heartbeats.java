package io.uwsgid.os;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each uWSGI master's workers last said they were ready for a request. With {@code
 * heartbeat = N} a worker of uWSGI's default loop writes byte 26 to the emperor pipe at least
 * every N seconds while it waits in accept, and after a request once N seconds have passed
 * (core/utils.c, wsgi_req_accept): silence from every worker of a generation means none has
 * come back for a request. The poller records beats, for those of settled masters when {@link
 * #collect}ed; any thread reads them.
 */
public final class Heartbeats {
    /** The emperor protocol's heartbeat byte. */
    static final int BYTE = 26;

    private final Map<Integer, Long> last = new ConcurrentHashMap<>();
    private volatile Runnable collector = () -> {};

    void collectWith(Runnable collector) {
        this.collector = collector;
    }

    /** Reads the beats waiting in the pipes of settled masters; returns when they are recorded. */
    public void collect() {
        collector.run();
    }

    /** A master whose beats count, from its spawn until {@link #forget}. */
    void watch(int pid) {
        last.putIfAbsent(pid, 0L);
    }

    /** A beat of a master {@link #watch}ed and not yet forgotten (else nothing). */
    void beat(int pid, long nanos) {
        last.replace(pid, nanos);
    }

    void forget(int pid) {
        last.remove(pid);
    }

    /** System.nanoTime() of the last beat from the workers of master {@code pid}; 0 if none came yet. */
    public long last(int pid) {
        return last.getOrDefault(pid, 0L);
    }
}
