package io.uwsgid.systemd;

import io.uwsgid.arbiter.DaemonObserver;
import io.uwsgid.os.OsException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd (Type=notify) what the daemon is doing: READY=1 once every site has settled,
 * RELOADING=1 (with MONOTONIC_USEC) then READY=1 around a HUP, STOPPING=1 on INT/TERM, STATUS=
 * whenever the summary changes, and WATCHDOG=1 from the loop's own turns, so a stuck loop stops
 * the pings and systemd restarts the daemon. Runs on the loop thread; every send is one
 * non-blocking datagram.
 */
public final class SystemdNotifier implements DaemonObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);
    private final NotifyTransport transport;
    /** Half the watchdog timeout, as sd_watchdog_enabled(3) advises; 0 when there is no watchdog. */
    private final long watchdogEveryNanos;
    private long watchdogDueAt;
    private boolean pinged;
    private String lastStatus;
    private boolean stopping;

    SystemdNotifier(NotifyTransport transport, long watchdogUsec) {
        this.transport = transport;
        this.watchdogEveryNanos = TimeUnit.MICROSECONDS.toNanos(watchdogUsec) / 2;
    }

    /**
     * The notifier for this process's environment, or null when systemd did not start it with
     * a notification socket. WATCHDOG_USEC counts only when WATCHDOG_PID is unset or names us.
     */
    public static SystemdNotifier fromEnvironment(Map<String, String> env, long pid) {
        String address = env.get("NOTIFY_SOCKET");
        if (address == null || address.isEmpty()) {
            return null;
        }
        try {
            return new SystemdNotifier(NotifySocket.open(address), watchdogUsec(env, pid));
        } catch (OsException e) {
            LOG.warn("cannot open NOTIFY_SOCKET {}: {}; systemd will not hear that uwsgid is ready", address, e.toString());
            return null;
        }
    }

    static long watchdogUsec(Map<String, String> env, long pid) {
        String owner = env.get("WATCHDOG_PID");
        if (owner != null && !owner.isBlank() && !owner.trim().equals(Long.toString(pid))) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0").trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A resting loop still turns often enough to ping the watchdog. */
    @Override
    public long turnAtLeastEveryMillis() {
        return watchdogEveryNanos > 0 ? TimeUnit.NANOSECONDS.toMillis(watchdogEveryNanos) : Long.MAX_VALUE;
    }

    @Override
    public void turn(Snapshot snapshot) {
        if (watchdogEveryNanos > 0 && (!pinged || snapshot.monotonicNanos() - watchdogDueAt >= 0) && transport.send("WATCHDOG=1")) {
            pinged = true;
            watchdogDueAt = snapshot.monotonicNanos() + watchdogEveryNanos;
        }
        if (!stopping) {
            status(StatusLine.of(snapshot.sites()));
        }
    }

    @Override
    public void settled(Snapshot snapshot) {
        String status = StatusLine.of(snapshot.sites());
        if (transport.send("READY=1\nSTATUS=" + status)) {
            lastStatus = status;
        }
    }

    @Override
    public void reloading() {
        long usec = TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
        transport.send("RELOADING=1\nMONOTONIC_USEC=" + usec + "\nSTATUS=reloading");
        lastStatus = "reloading";
    }

    @Override
    public void stopping() {
        stopping = true;
        transport.send("STOPPING=1\nSTATUS=stopping every site");
    }

    private void status(String status) {
        if (!status.equals(lastStatus) && transport.send("STATUS=" + status)) {
            lastStatus = status;
        }
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
