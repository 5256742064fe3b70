package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleSupplier;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The real kernel, through jnr. Called from the event loop thread only, apart from the poller it owns. */
public final class LinuxKernel implements Kernel, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxKernel.class);
    private static final int WNOHANG = 1, WEXITED = 4, WNOWAIT = 0x01000000, P_ALL = 0;
    /** siginfo_t: 128 bytes; si_pid follows three ints, at 16 where the union is aligned to 8 bytes. */
    private static final int SIGINFO_SIZE = 128, SI_PID = Native.RUNTIME.addressSize() == 8 ? 16 : 12;
    private final Pointer siginfo = Memory.allocateDirect(Native.RUNTIME, SIGINFO_SIZE, true);
    private final Poller poller;
    private Thread pollerThread;
    /** Adopted children an earlier uwsgid spawned, with their start time: waitpid cannot tell when they end. */
    private final Map<Integer, Long> foreign = new HashMap<>();
    private final Map<Integer, Integer> emperorFds = new HashMap<>();
    /** Unix sockets bound but not yet at their path, by fd. */
    private final Map<Integer, Sockets.Staged> staged = new HashMap<>();
    private final Heartbeats heartbeats = new Heartbeats();
    private boolean canTrim = true;
    /**
     * Masters whose emperor pipe the poller keeps quiet (see {@link Poller#quiet}): the loop asks
     * every turn, and only a change becomes a command that wakes the poller. Loop thread only.
     */
    private final Set<Integer> quietPids = new HashSet<>();

    public LinuxKernel(ChildListener listener) throws OsException {
        this.poller = new Poller(listener, heartbeats);
        this.pollerThread = new Thread(poller, "uwsgid-poller");
        pollerThread.setDaemon(true);
        pollerThread.start();
    }

    /** What the children's workers say of their readiness, for the health watch. */
    public Heartbeats heartbeats() {
        return heartbeats;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public ListeningSocket stage(SocketSpec spec) throws OsException {
        if (!spec.isUnix()) {
            return Sockets.bindTcp(spec);
        }
        Sockets.Staged s = Sockets.stage(spec);
        staged.put(s.socket().fd(), s);
        return s.socket();
    }

    @Override
    public void publish(ListeningSocket socket) throws OsException {
        Sockets.Staged s = staged.get(socket.fd());
        if (s != null) {
            s.publish();
            staged.remove(socket.fd());
            s.close();
        }
    }

    @Override
    public boolean queueEmpty(ListeningSocket socket) {
        return Sockets.queueEmpty(socket);
    }

    @Override
    public void closeSocket(ListeningSocket socket, boolean removeFile) {
        Sockets.Staged s = staged.remove(socket.fd());
        if (s != null) {
            s.close();
        }
        if (removeFile) {
            Sockets.removeFile(socket);
        }
        LIBC.close(socket.fd());
    }

    @Override
    public boolean socketInPlace(ListeningSocket socket) {
        return Sockets.inPlace(socket);
    }

    @Override
    public LogSink openLog(String site, Path path, int gid) throws OsException {
        return LogSink.file(site, path, gid);
    }

    @Override
    public void closeLog(LogSink log) {
        poller.closeLog(log);
    }

    @Override
    public int spawn(ChildSpec spec) throws OsException {
        int[] emperor = new int[2];
        int[] log = new int[2];
        Native.check(LIBC.socketpair(Native.AF_UNIX, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0, emperor), "socketpair", "emperor pipe");
        if (LIBC.pipe2(log, Native.O_CLOEXEC) < 0) {
            closeAll(emperor[0], emperor[1]);
            Native.check(-1, "pipe2", "log pipe");
        }
        LIBC.fcntl(log[0], Native.F_SETFL, Native.O_NONBLOCK);
        List<Integer> pass = new ArrayList<>();
        spec.sockets().forEach(s -> pass.add(s.fd()));
        pass.add(emperor[1]);
        List<String> env = new ArrayList<>(spec.env());
        env.add("UWSGI_EMPEROR_FD=" + spec.emperorFd());
        int pid;
        try {
            pid = Spawner.spawn(new SpawnSpec(spec.path(), spec.argv(), env, log[1], log[1], pass));
        } catch (OsException e) {
            closeAll(emperor[0], emperor[1], log[0], log[1]);
            throw e;
        }
        closeAll(emperor[1], log[1]);
        emperorFds.put(pid, emperor[0]);
        poller.watch(pid, emperor[0], log[0], spec.log());
        return pid;
    }

    @Override
    public void quietEmperor(int pid, boolean quiet, DoubleSupplier beatsPerSecond) {
        if (emperorFds.containsKey(pid) && (quiet ? quietPids.add(pid) : quietPids.remove(pid))) {
            poller.quiet(pid, quiet, quiet ? beatsPerSecond.getAsDouble() : 0);
        }
    }

    @Override
    public boolean emperor(int pid, int message) {
        Integer fd = emperorFds.get(pid);
        return fd != null && LIBC.write(fd, new byte[] {(byte) message}, 1) == 1;
    }

    @Override
    public void killGroup(int pgid, int signal) {
        if (pgid > 1) {
            LIBC.kill(-pgid, signal);
        }
    }

    @Override
    public List<Proc.Status> identities(int pgid) {
        List<Proc.Status> out = new ArrayList<>();
        for (int pid : Proc.groupFromLeader(pgid)) {
            try {
                out.add(Proc.status(pid));
            } catch (java.io.IOException | RuntimeException e) {
                // ended while we looked: nothing left to check
            }
        }
        return out;
    }

    @Override
    public List<Proc.Status> identity(int pid) {
        try {
            return List.of(Proc.status(pid));
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public boolean groupAlive(int pgid) {
        if (pgid <= 1 || LIBC.kill(-pgid, 0) != 0) {
            return false;
        }
        // Zombies do not count (where nothing reaps orphans, they would be waited for forever);
        // our leader has been reaped, so a member with its pid leads a new group of that number.
        List<Integer> members = Proc.processGroup(pgid);
        return !members.isEmpty() && !members.contains(pgid);
    }

    @Override
    public void trimNativeHeap() {
        if (canTrim) {
            try {
                LIBC.malloc_trim(0);
            } catch (UnsatisfiedLinkError e) {
                canTrim = false; // not glibc
            }
        }
    }

    @Override
    public boolean mayHaveEnded() {
        if (!foreign.isEmpty()) {
            return true;
        }
        siginfo.putInt(SI_PID, 0);
        // WNOWAIT: only looks; the child stays to be reaped by reap(pid) (or by the JDK's own waitpid, if it is not a site's)
        if (LIBC.waitid(P_ALL, 0, siginfo, WEXITED | WNOHANG | WNOWAIT) != 0) {
            return Native.errno() != Native.ECHILD; // ECHILD: no children at all
        }
        return siginfo.getInt(SI_PID) != 0;
    }

    @Override
    public Optional<ExitStatus> reap(int pid) {
        Long started = foreign.get(pid);
        if (started != null) {
            if (Proc.startTime(pid) == started) {
                return Optional.empty();
            }
            foreign.remove(pid);
            return Optional.of(ExitStatus.unknown());
        }
        int[] status = new int[1];
        int rc = LIBC.waitpid(pid, status, WNOHANG);
        if (rc == pid) {
            return Optional.of(ExitStatus.fromWaitStatus(status[0]));
        }
        if (rc < 0 && Native.errno() == Native.ECHILD) {
            LOG.warn("pid {} is not a child of this master any more; treating it as gone", pid);
            return Optional.of(ExitStatus.killed(0));
        }
        return Optional.empty();
    }

    @Override
    public List<String> tail(int pid) {
        return poller.tail(pid);
    }

    @Override
    public void release(int pid) {
        emperorFds.remove(pid);
        foreign.remove(pid);
        quietPids.remove(pid);
        poller.release(pid);
    }

    @Override
    public void writeFile(Path path, String content, int mode, int uid, int gid) throws OsException {
        SafeFiles.write(path, content, mode, uid, gid);
    }

    @Override
    public void removePidFile(Path path, int pid) {
        SafeFiles.removePidFile(path, pid);
    }

    @Override
    public void makeDir(Path dir, int mode, int gid) throws OsException {
        SafeFiles.makeRootDir(dir, mode, gid);
    }

    @Override
    public void makeSiteDir(Path dir, int uid, int gid, java.util.Set<String> keep) throws OsException {
        SafeFiles.makeSiteDir(dir, uid, gid, keep);
    }

    @Override
    public void quiesce() {
        poller.stop();
        try {
            pollerThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void resume() {
        poller.restart();
        pollerThread = new Thread(poller, "uwsgid-poller");
        pollerThread.setDaemon(true);
        pollerThread.start();
    }

    @Override
    public ChildPipes detach(int pid) {
        ChildPipes pipes = new ChildPipes(emperorFds.remove(pid), poller.logFd(pid));
        foreign.remove(pid);
        quietPids.remove(pid);
        poller.detach(pid);
        return pipes;
    }

    @Override
    public void adopt(int pid, ChildPipes pipes, LogSink log, boolean ownChild) {
        LIBC.fcntl(pipes.log(), Native.F_SETFL, Native.O_NONBLOCK);
        emperorFds.put(pid, pipes.emperor());
        if (!ownChild) {
            foreign.put(pid, Proc.startTime(pid));
        }
        poller.watch(pid, pipes.emperor(), pipes.log(), log);
    }

    @Override
    public ListeningSocket adoptSocket(ListeningSocket recorded, int fd) throws OsException {
        if (!Handoff.listening(fd)) {
            throw new OsException(0, "the descriptor handed over for " + recorded.address() + " is not a listening socket");
        }
        return new ListeningSocket(recorded.option(), recorded.address(), fd, recorded.path(), recorded.device(), recorded.inode());
    }

    @Override
    public void awaitConnection(String site, List<ListeningSocket> sockets) {
        poller.awaitConnection(site, sockets.stream().map(ListeningSocket::fd).toList());
    }

    @Override
    public void stopAwaiting(List<ListeningSocket> sockets) {
        poller.stopAwaiting(sockets.stream().map(ListeningSocket::fd).toList());
    }

    @Override
    public Cgroups cgroups() {
        return Cgroups.host();
    }

    @Override
    public void close() {
        poller.stop();
    }

    private static void closeAll(int... fds) {
        for (int fd : fds) {
            LIBC.close(fd);
        }
    }
}
