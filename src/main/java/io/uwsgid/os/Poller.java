package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static io.uwsgid.os.Native.RUNTIME;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that poll()s every child's emperor pipe and log pipe. Emperor bytes become events
 * for the loop, but for heartbeats, which are only recorded (the loop does not wake for them);
 * log bytes go to the site's sink. It alone closes those fds (on release), so an
 * fd number is never reused under it.
 */
final class Poller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private static final short POLLNVAL = 0x20;
    private static final long LOG_BATCH_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5);
    private final ChildListener listener;
    private final Heartbeats heartbeats;
    private final int[] wakeup = new int[2];
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Integer> emperorFds = new HashMap<>();
    private final java.util.Set<Integer> emperorEof = new java.util.HashSet<>();
    private final Map<Integer, ChildLog> logs = new ConcurrentHashMap<>();
    /** Listening sockets of IDLE on-demand sites, by fd: the site they wake. */
    private final Map<Integer, String> demand = new HashMap<>();
    private volatile boolean running = true;

    Poller(ChildListener listener, Heartbeats heartbeats) throws OsException {
        this.listener = listener;
        this.heartbeats = heartbeats;
        Native.check(LIBC.pipe2(wakeup, Native.O_CLOEXEC | Native.O_NONBLOCK), "pipe2", "poller wakeup");
    }

    void watch(int pid, int emperorFd, int logFd, LogSink sink) {
        command(() -> {
            emperorFds.put(pid, emperorFd);
            logs.put(pid, new ChildLog(logFd, sink));
        });
    }

    /** Closes a child's pipes once it is gone, after writing the last of its output. */
    void release(int pid) {
        command(() -> {
            emperorEof.remove(pid);
            heartbeats.forget(pid);
            Integer efd = emperorFds.remove(pid);
            if (efd != null) {
                LIBC.close(efd);
            }
            ChildLog log = logs.remove(pid);
            if (log != null) {
                log.close();
            }
        });
    }

    void awaitConnection(String site, List<Integer> fds) {
        command(() -> fds.forEach(fd -> demand.put(fd, site)));
    }

    void stopAwaiting(List<Integer> fds) {
        command(() -> fds.forEach(demand::remove));
    }

    void closeLog(LogSink sink) {
        command(sink::close);
    }

    /** The child's last lines, reading what is in its pipe now. Any thread. */
    List<String> tail(int pid) {
        ChildLog log = logs.get(pid);
        if (log == null) {
            return List.of();
        }
        log.drain();
        return log.tail();
    }

    void stop() {
        running = false;
        wake();
    }

    /** After {@link #stop}: a new thread may run it again. */
    void restart() {
        running = true;
    }

    /** Stops reading a child's pipes without closing them: they are handed to the next uwsgid. */
    void detach(int pid) {
        command(() -> {
            emperorEof.remove(pid);
            heartbeats.forget(pid);
            emperorFds.remove(pid);
            logs.remove(pid);
        });
    }

    /** The read end of a watched child's log pipe. */
    int logFd(int pid) {
        return logs.get(pid).fd();
    }

    private void command(Runnable r) {
        commands.add(r);
        wake();
    }

    private void wake() {
        LIBC.write(wakeup[1], new byte[] {1}, 1);
    }

    @Override
    public void run() {
        while (running) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                LOG.error("poller: {}", e.toString(), e);
            }
        }
    }

    private void pollOnce() {
        for (Runnable r; (r = commands.poll()) != null; ) {
            r.run();
        }
        List<int[]> entries = new ArrayList<>(); // {fd, pid, kind}
        entries.add(new int[] {wakeup[0], 0, 0});
        emperorFds.forEach((pid, fd) -> {
            if (!emperorEof.contains(pid)) {
                entries.add(new int[] {fd, pid, 1});
            }
        });
        logs.forEach((pid, log) -> {
            if (!log.atEof()) {
                entries.add(new int[] {log.fd(), pid, 2});
            }
        });
        demand.keySet().forEach(fd -> entries.add(new int[] {fd, 0, 3}));
        Pointer fds = Memory.allocateDirect(RUNTIME, entries.size() * 8L, true);
        for (int i = 0; i < entries.size(); i++) {
            fds.putInt(i * 8L, entries.get(i)[0]);
            fds.putShort(i * 8L + 4, (short) Native.POLLIN);
        }
        // No timeout: every change (watch, release, stop) writes to the wakeup pipe, so an idle
        // daemon's poller sleeps until a child writes instead of waking every second.
        if (LIBC.poll(fds, entries.size(), -1) <= 0) {
            return;
        }
        boolean logsOnly = true;
        for (int i = 0; i < entries.size(); i++) {
            short revents = fds.getShort(i * 8L + 6);
            if (revents != 0 && (revents & POLLNVAL) == 0) {
                ready(entries.get(i));
                logsOnly &= entries.get(i)[2] == 2;
            }
        }
        if (logsOnly) {
            // A busy site logs a line per request: let lines gather in the pipes (64 KiB each)
            // so that one read and one write carry many, instead of three syscalls per line.
            java.util.concurrent.locks.LockSupport.parkNanos(LOG_BATCH_NANOS);
        }
    }

    private void ready(int[] entry) {
        switch (entry[2]) {
            case 0 -> LIBC.read(wakeup[0], new byte[256], 256);
            case 1 -> readEmperor(entry[1], entry[0]);
            case 3 -> connectionWaiting(entry[0]);
            default -> logs.get(entry[1]).drain();
        }
    }

    /** Once per wake: every socket of that site stops being watched until the loop parks it again. */
    private void connectionWaiting(int fd) {
        String site = demand.get(fd);
        if (site != null) {
            demand.values().removeIf(site::equals);
            listener.connectionWaiting(site);
        }
    }

    private void readEmperor(int pid, int fd) {
        byte[] buf = new byte[64];
        long n = LIBC.read(fd, buf, buf.length);
        if (n > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == Heartbeats.BYTE) {
                    heartbeats.beat(pid, System.nanoTime());
                } else {
                    listener.emperorByte(pid, buf[i] & 0xff);
                }
            }
        } else if (n == 0 || Native.errno() != Native.EAGAIN) {
            // the fd stays open until release: the loop may still write to it
            emperorEof.add(pid);
            listener.emperorClosed(pid);
        }
    }
}
