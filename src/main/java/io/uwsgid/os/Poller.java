package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static io.uwsgid.os.Native.RUNTIME;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jnr.ffi.Memory;
import jnr.ffi.Platform;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that waits, in epoll, on every child's emperor pipe and log pipe. Emperor bytes
 * become events for the loop, but for heartbeats, which are only recorded (the loop does not
 * wake for them); log bytes go to the site's sink. The emperor pipe of a settled master (see
 * {@link #quiet}) is waited on for its end only: its workers' heartbeats would wake this thread
 * for each (30 times a second at 100 sites, ~80 us of CPU each here). Its master's end (EPOLLHUP,
 * which epoll reports without being asked) still wakes this thread at once. Its beats are
 * collected on the health watch's thread, from a second, edge-triggered epoll set that names the
 * pipes written to since it was last asked: one system call, where reading every pipe costs one
 * per pipe (~5 us each here) and waking this thread ~150 us. What a quiet pipe holds is read on
 * this thread now and then (see {@link #QUEUED_BYTES}), and passed on then. This thread alone
 * changes the epoll sets and closes those fds (on release), so an fd number is never reused under it.
 */
final class Poller implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Poller.class);

    private static final int EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3, MAX_EVENTS = 64, MSG_DONTWAIT = 0x40,
            EPOLLET = 1 << 31;
    /** struct epoll_event: packed (12 bytes, the data at 4) on x86, 16 bytes with the data at 8 elsewhere. */
    private static final boolean PACKED = Platform.getNativePlatform().getCPU() == Platform.CPU.X86_64
            || Platform.getNativePlatform().getCPU() == Platform.CPU.I386;
    private static final int EVENT_SIZE = PACKED ? 12 : 16, DATA_OFFSET = PACKED ? 4 : 8;
    private static final long LOG_BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * What a quiet pipe may hold before this thread reads it. A settled master has nothing urgent
     * to say (it said accepting already), but its workers' beats pile up unread, and uWSGI writes
     * them blocking: a pipe holds 278 one-byte writes here (208 KiB of socket buffer) before a
     * worker would block. So a quiet pipe is read as often as its workers could write this many
     * beats at their fastest (each once a heartbeat period: processes / heartbeat a second), every
     * 2 to {@link #MAX_DRAIN_NANOS}; a master whose workers could fill that in less than 2 s is
     * never quiet. What else a settled master says (a byte 5 after an operator's own kill -HUP,
     * which has its identity checked again) waits as long; its end does not.
     */
    static final long QUEUED_BYTES = 128;
    static final long MIN_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(2), MAX_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Pipes due within this much of the first are read with it: one wake for many. */
    private static final long DRAIN_BATCH_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** What a watched fd is. */
    private enum Kind { WAKEUP, EMPEROR, LOG, DEMAND }

    private record Watched(Kind kind, int pid, String site) {}

    private final ChildListener listener;
    private final Heartbeats heartbeats;
    private final int epoll;
    /** The quiet emperor pipes, edge-triggered, each with its master's pid: epoll_wait names those written to since it last did. */
    private final int written;
    /** When a quiet pipe is next due to be read. Poller thread only. */
    private long drainDueAt;
    /** The collecting thread's epoll_wait buffer. */
    private final Pointer writtenEvents = Memory.allocateDirect(RUNTIME, (long) MAX_EVENTS * EVENT_SIZE, true);
    private final ByteBuffer writtenCopy = ByteBuffer.allocate(MAX_EVENTS * EVENT_SIZE).order(ByteOrder.nativeOrder());
    private final int[] wakeup = new int[2];
    private final Pointer events = Memory.allocateDirect(RUNTIME, (long) MAX_EVENTS * EVENT_SIZE, true);
    private final Pointer event = Memory.allocateDirect(RUNTIME, EVENT_SIZE, true);
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    /** Every fd in the epoll set. Poller thread only. */
    private final Map<Integer, Watched> watched = new HashMap<>();
    private final Map<Integer, Integer> emperorFds = new HashMap<>();
    /** Masters whose emperor pipe is waited on only for its end, and in {@link #written} for its beats, with when it is read next. Poller thread only. */
    private final Map<Integer, Drain> quiet = new HashMap<>();
    private final byte[] emperorBuf = new byte[64];
    private final Map<Integer, ChildLog> logs = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    Poller(ChildListener listener, Heartbeats heartbeats) throws OsException {
        this.listener = listener;
        this.heartbeats = heartbeats;
        this.epoll = Native.check(LIBC.epoll_create1(Native.O_CLOEXEC), "epoll_create1", "poller");
        this.written = Native.check(LIBC.epoll_create1(Native.O_CLOEXEC), "epoll_create1", "poller's quiet pipes");
        Native.check(LIBC.pipe2(wakeup, Native.O_CLOEXEC | Native.O_NONBLOCK), "pipe2", "poller wakeup");
        add(wakeup[0], new Watched(Kind.WAKEUP, 0, null));
        heartbeats.collectWith(this::collect);
    }

    void watch(int pid, int emperorFd, int logFd, LogSink sink) {
        command(() -> {
            emperorFds.put(pid, emperorFd);
            heartbeats.watch(pid);
            logs.put(pid, new ChildLog(logFd, sink));
            add(emperorFd, new Watched(Kind.EMPEROR, pid, null));
            add(logFd, new Watched(Kind.LOG, pid, null));
        });
    }

    /** Closes a child's pipes once it is gone, after writing the last of its output. */
    void release(int pid) {
        command(() -> {
            Unwatched u = unwatch(pid);
            if (u.emperorFd() != null) {
                LIBC.close(u.emperorFd());
            }
            if (u.log() != null) {
                u.log().close();
            }
        });
    }

    void awaitConnection(String site, List<Integer> fds) {
        command(() -> fds.forEach(fd -> add(fd, new Watched(Kind.DEMAND, 0, site))));
    }

    void stopAwaiting(List<Integer> fds) {
        command(() -> fds.forEach(this::remove));
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
        command(() -> unwatch(pid));
    }

    /** A child's pipes, no longer watched and still open (null where it had none). */
    private record Unwatched(Integer emperorFd, ChildLog log) {}

    /** Forgets a child: its beats, and its pipes in the epoll set. Poller thread only. */
    private Unwatched unwatch(int pid) {
        heartbeats.forget(pid);
        Integer efd = emperorFds.remove(pid);
        if (efd != null) {
            unquiet(pid, efd);
            remove(efd);
        }
        ChildLog log = logs.remove(pid);
        if (log != null) {
            remove(log.fd());
        }
        return new Unwatched(efd, log);
    }

    /**
     * Whether the emperor pipe of master {@code pid} is quiet ({@code true}: the site is settled,
     * nothing it may say is urgent; its beats are collected, it is read every {@link Drain#every}
     * and its end still wakes this thread) or waited on for input too (a generation that starts,
     * reloads or stops). What it said meanwhile is read then.
     */
    void quiet(int pid, boolean quietly, double beatsPerSecond) {
        long every = Drain.every(beatsPerSecond);
        command(() -> {
            Integer fd = emperorFds.get(pid);
            if (fd == null || !watched.containsKey(fd)) {
                return;
            }
            if (quietly && every > 0 && !quiet.containsKey(pid)) {
                quiet.put(pid, new Drain(System.nanoTime(), every));
                drainDueAt = nextDrain();
                ctl(epoll, EPOLL_CTL_MOD, fd, 0, fd);
                ctl(written, EPOLL_CTL_ADD, fd, Native.POLLIN | EPOLLET, pid);
            } else if (!quietly && unquiet(pid, fd)) {
                ctl(epoll, EPOLL_CTL_MOD, fd, Native.POLLIN, fd);
            }
        });
    }

    /**
     * Records a beat now for each quiet pipe written to since the last collection. On one
     * collecting thread at a time (a pipe removed meanwhile names a pid that {@link
     * Heartbeats#beat} has forgotten).
     */
    private void collect() {
        long now = System.nanoTime();
        int n;
        do {
            n = LIBC.epoll_wait(written, writtenEvents, MAX_EVENTS, 0);
            writtenEvents.get(0, writtenCopy.array(), 0, Math.max(0, n) * EVENT_SIZE); // one copy, not two calls per event
            for (int i = 0; i < n; i++) {
                int at = i * EVENT_SIZE;
                if ((writtenCopy.getInt(at) & Native.POLLIN) != 0) {
                    heartbeats.beat((int) writtenCopy.getLong(at + DATA_OFFSET), now);
                }
            }
        } while (n == MAX_EVENTS);
    }

    /** Whether {@code pid} was quiet; if so it is not any more, and its pipe {@code fd} has left {@link #written}. Poller thread only. */
    private boolean unquiet(int pid, int fd) {
        if (quiet.remove(pid) == null) {
            return false;
        }
        LIBC.epoll_ctl(written, EPOLL_CTL_DEL, fd, event);
        return true;
    }

    /** When a quiet pipe is read next. Poller thread only. */
    static final class Drain {
        final long every;
        long dueAt;

        Drain(long now, long every) {
            this.every = every;
            this.dueAt = now + every;
        }

        /**
         * How often a pipe whose workers write at most {@code beatsPerSecond} must be read: the
         * time they take to write {@link #QUEUED_BYTES}, at most {@link #MAX_DRAIN_NANOS}; 0 (never
         * quiet) under {@link #MIN_DRAIN_NANOS}.
         */
        static long every(double beatsPerSecond) {
            if (beatsPerSecond <= 0) {
                return MAX_DRAIN_NANOS;
            }
            long every = (long) (QUEUED_BYTES / beatsPerSecond * 1e9);
            return every < MIN_DRAIN_NANOS ? 0 : Math.min(MAX_DRAIN_NANOS, every);
        }
    }

    /** Reads the quiet pipes due now or within {@link #DRAIN_BATCH_NANOS}. Poller thread only. */
    private void drainDue(long now) {
        for (Map.Entry<Integer, Drain> e : List.copyOf(quiet.entrySet())) {
            Integer fd = emperorFds.get(e.getKey());
            Drain d = e.getValue();
            if (fd != null && d.dueAt - now <= DRAIN_BATCH_NANOS) {
                readEmperor(e.getKey(), fd, MSG_DONTWAIT);
                d.dueAt = now + d.every;
            }
        }
        drainDueAt = nextDrain();
    }

    /** The earliest a quiet pipe is due to be read (a while away if none is quiet). Poller thread only. */
    private long nextDrain() {
        long now = System.nanoTime(), next = now + MAX_DRAIN_NANOS;
        for (Drain d : quiet.values()) {
            if (d.dueAt - next < 0) {
                next = d.dueAt;
            }
        }
        return next;
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

    /**
     * Watches {@code fd} for input (level-triggered, as poll). An fd number already in the set was
     * closed without {@link #remove} (the kernel dropped it then) and now names another file. Poller thread only.
     */
    private void add(int fd, Watched w) {
        if (watched.remove(fd) != null) {
            LIBC.epoll_ctl(epoll, EPOLL_CTL_DEL, fd, event);
        }
        event.putInt(0, Native.POLLIN);
        event.putLong(DATA_OFFSET, fd);
        if (LIBC.epoll_ctl(epoll, EPOLL_CTL_ADD, fd, event) == 0) {
            watched.put(fd, w);
        } else {
            LOG.error("poller: cannot watch fd {} ({} of pid {}): {}", fd, w.kind(), w.pid(), Native.strerror(Native.errno()));
        }
    }

    /**
     * Adds {@code fd} to an epoll set, changes what it is waited on for (0: its end or an error
     * only), or removes it; epoll_wait gives back {@code data} with it. Poller thread only.
     */
    private void ctl(int set, int op, int fd, int events, long data) {
        event.putInt(0, events);
        event.putLong(DATA_OFFSET, data);
        if (LIBC.epoll_ctl(set, op, fd, event) != 0) {
            LOG.error("poller: epoll_ctl {} of fd {}: {}", op, fd, Native.strerror(Native.errno()));
        }
    }

    /** Stops watching {@code fd}, which stays open. Poller thread only. */
    private void remove(int fd) {
        if (watched.remove(fd) != null) {
            LIBC.epoll_ctl(epoll, EPOLL_CTL_DEL, fd, event);
        }
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
        // No timeout but the next quiet pipe's read: every change (watch, release, stop) writes to
        // the wakeup pipe, so an idle daemon's poller sleeps until a child writes or a read is due.
        int timeout = quiet.isEmpty() ? -1 : (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(drainDueAt - System.nanoTime()) + 1);
        int n = LIBC.epoll_wait(epoll, events, MAX_EVENTS, timeout);
        if (!quiet.isEmpty() && System.nanoTime() - drainDueAt >= 0) {
            drainDue(System.nanoTime());
        }
        boolean logsOnly = true;
        for (int i = 0; i < n; i++) {
            int fd = (int) events.getLong((long) i * EVENT_SIZE + DATA_OFFSET);
            Watched w = watched.get(fd);
            if (w != null) {
                ready(fd, w);
                logsOnly &= w.kind() == Kind.LOG;
            }
        }
        if (n > 0 && logsOnly) {
            // A busy site logs a line per request: let lines gather in the pipes (64 KiB each)
            // so that one read and one write carry many, instead of three syscalls per line.
            LockSupport.parkNanos(LOG_BATCH_NANOS);
        }
    }

    private void ready(int fd, Watched w) {
        switch (w.kind()) {
            case WAKEUP -> LIBC.read(wakeup[0], new byte[256], 256);
            case EMPEROR -> readEmperor(w.pid(), fd, quiet.containsKey(w.pid()) ? MSG_DONTWAIT : 0); // quiet: it has ended
            case DEMAND -> connectionWaiting(w.site());
            case LOG -> {
                ChildLog log = logs.get(w.pid());
                log.drain();
                if (log.atEof()) {
                    remove(fd); // the fd stays open until release
                }
            }
        }
    }

    /** Once per wake: every socket of that site stops being watched until the loop parks it again. */
    private void connectionWaiting(String site) {
        watched.entrySet().stream().filter(e -> e.getValue().kind() == Kind.DEMAND && site.equals(e.getValue().site()))
                .map(Map.Entry::getKey).toList().forEach(this::remove);
        listener.connectionWaiting(site);
    }

    /** Reads what the master said: all of it when quiet ({@code flags} MSG_DONTWAIT), else one read's worth. */
    private void readEmperor(int pid, int fd, int flags) {
        byte[] buf = emperorBuf;
        long n;
        do {
            n = LIBC.recv(fd, buf, buf.length, flags);
            for (int i = 0; i < n; i++) {
                if (buf[i] == Heartbeats.BYTE) {
                    heartbeats.beat(pid, System.nanoTime());
                } else {
                    listener.emperorByte(pid, buf[i] & 0xff);
                }
            }
        } while (n == buf.length && flags == MSG_DONTWAIT);
        if (n == 0 || n < 0 && Native.errno() != Native.EAGAIN && Native.errno() != Native.EINTR) {
            // the fd stays open until release: the loop may still write to it
            unquiet(pid, fd);
            remove(fd);
            listener.emperorClosed(pid);
        }
    }
}
