package io.uwsgid.site;

import io.uwsgid.os.ChildSpec;
import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.ListeningSocket;
import io.uwsgid.os.LogSink;
import io.uwsgid.os.OsException;
import io.uwsgid.os.SocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A kernel that does nothing but remember what it was asked, with a clock that moves only when a
 * test says so. Children live until a test decides their exit with {@link #exit}.
 */
final class FakeKernel implements Kernel {
    record Spawned(int pid, ChildSpec spec) {}

    record Written(Path path, String content, int mode, int uid, int gid) {}

    record Kill(int pgid, int signal) {}

    record Emperor(int pid, int message) {}

    record Closed(ListeningSocket socket, boolean removeFile) {}

    record PidFileRemoval(Path path, int pid) {}

    record LogOpened(String site, Path path, int gid) {}

    record DirMade(Path dir, int mode, int gid) {}

    record SiteDirMade(Path dir, int uid, int gid, Set<String> keep) {}

    final List<Spawned> spawned = new ArrayList<>();
    final List<ListeningSocket> bound = new ArrayList<>();
    /** Unix sockets made reachable at their path, in order (a bind publishes at once, a reload's socket when its generation accepts). */
    final List<ListeningSocket> published = new ArrayList<>();
    final List<Closed> closed = new ArrayList<>();
    final List<Emperor> emperorSent = new ArrayList<>();
    final List<Kill> kills = new ArrayList<>();
    final List<Written> written = new ArrayList<>();
    final List<PidFileRemoval> pidFileRemovals = new ArrayList<>();
    final List<LogOpened> logsOpened = new ArrayList<>();
    final List<LogSink> logsClosed = new ArrayList<>();
    final List<DirMade> dirsMade = new ArrayList<>();
    final List<SiteDirMade> siteDirsMade = new ArrayList<>();
    final List<Integer> released = new ArrayList<>();
    /** What is on the fake disk now: written files minus removed pid files. */
    final Map<Path, String> files = new HashMap<>();
    private final Map<Integer, ExitStatus> exits = new HashMap<>();
    private final Map<Integer, List<String>> tails = new HashMap<>();
    private final Set<Integer> deaf = new HashSet<>();
    private final Set<Integer> liveGroups = new HashSet<>();
    private long now = Duration.ofHours(1).toNanos();
    private int nextPid = 1000;
    private int nextFd = 10;
    private OsException spawnFailure, bindFailure, publishFailure;
    private final Set<Integer> queued = new HashSet<>();
    /** The host's cgroups as a test sets them up (a temp dir standing in for /sys/fs/cgroup); none by default. */
    io.uwsgid.os.Cgroups cgroups = io.uwsgid.os.Cgroups.none();

    /** Sockets watched for a waiting connection, as the poller would watch them (an IDLE on-demand site's). */
    final Set<ListeningSocket> awaiting = new HashSet<>();

    @Override
    public void awaitConnection(String site, List<ListeningSocket> sockets) {
        awaiting.addAll(sockets);
    }

    @Override
    public void stopAwaiting(List<ListeningSocket> sockets) {
        sockets.forEach(awaiting::remove);
    }

    @Override
    public io.uwsgid.os.Cgroups cgroups() {
        return cgroups;
    }

    // ---- what a test decides ----

    void advance(Duration d) {
        now += d.toNanos();
    }

    /** The next {@code reap(pid)} returns this status. */
    void exit(int pid, ExitStatus status) {
        exits.put(pid, status);
    }

    /** Members of the process group {@code pgid} live (or, with false, are all gone): a reaped master's workers. */
    void groupAlive(int pgid, boolean alive) {
        if (alive) {
            liveGroups.add(pgid);
        } else {
            liveGroups.remove(pgid);
        }
    }

    void tail(int pid, String... lines) {
        tails.put(pid, List.of(lines));
    }

    /** Every spawn fails with {@code e} until called again with null. */
    void failSpawns(OsException e) {
        spawnFailure = e;
    }

    void failBinds(OsException e) {
        bindFailure = e;
    }

    void failPublishing(OsException e) {
        publishFailure = e;
    }

    /** Connections wait (or, with false, no longer wait) in the accept queue of {@code socket}. */
    void queued(ListeningSocket socket, boolean waiting) {
        if (waiting) {
            queued.add(socket.fd());
        } else {
            queued.remove(socket.fd());
        }
    }

    /** The child's emperor pipe is gone: bytes to it are not heard. */
    void deafen(int pid) {
        deaf.add(pid);
    }

    // ---- what a test reads ----

    Spawned lastSpawn() {
        return spawned.get(spawned.size() - 1);
    }

    int lastPid() {
        return lastSpawn().pid();
    }

    List<Integer> bytesSentTo(int pid) {
        return emperorSent.stream().filter(e -> e.pid() == pid).map(Emperor::message).toList();
    }

    long killsOf(int pid, int signal) {
        return kills.stream().filter(k -> k.pgid() == pid && k.signal() == signal).count();
    }

    Written lastWrite(Path path) {
        return written.stream().filter(w -> w.path().equals(path)).reduce((a, b) -> b).orElseThrow();
    }

    // ---- Kernel ----

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public ListeningSocket stage(SocketSpec spec) throws OsException {
        if (bindFailure != null) {
            throw bindFailure;
        }
        Path path = spec.isUnix() ? Path.of(spec.address()) : null;
        int fd = nextFd++;
        ListeningSocket s = new ListeningSocket(spec.option(), spec.address(), fd, path, 1, 5000 + fd);
        bound.add(s);
        return s;
    }

    @Override
    public void publish(ListeningSocket socket) throws OsException {
        if (publishFailure != null) {
            throw publishFailure;
        }
        if (socket.isUnix() && !published.contains(socket)) {
            published.add(socket);
        }
    }

    @Override
    public boolean queueEmpty(ListeningSocket socket) {
        return !queued.contains(socket.fd());
    }

    @Override
    public void closeSocket(ListeningSocket socket, boolean removeFile) {
        closed.add(new Closed(socket, removeFile));
    }

    /** Socket addresses whose file a test has "removed". */
    final java.util.Set<String> lostSocketFiles = new java.util.HashSet<>();

    @Override
    public boolean socketInPlace(ListeningSocket socket) {
        return !lostSocketFiles.contains(socket.address());
    }

    @Override
    public LogSink openLog(String site, Path path, int gid) {
        logsOpened.add(new LogOpened(site, path, gid));
        return LogSink.console(site);
    }

    @Override
    public void closeLog(LogSink log) {
        logsClosed.add(log);
    }

    @Override
    public int spawn(ChildSpec spec) throws OsException {
        if (spawnFailure != null) {
            throw spawnFailure;
        }
        int pid = nextPid++;
        spawned.add(new Spawned(pid, spec));
        return pid;
    }

    /** Who each spawned group runs as; by default exactly what the site file asks (set by the test through {@link #runAs}). */
    final java.util.Map<Integer, List<io.uwsgid.os.Proc.Status>> identities = new java.util.HashMap<>();
    private io.uwsgid.os.Proc.Status runAs = new io.uwsgid.os.Proc.Status(0, 65534, 65534, 65534, 65534, List.of(65534), true, 0);

    /** From now on, every spawned group reads as one process with {@code status} (its pid filled in). */
    void runAs(io.uwsgid.os.Proc.Status status) {
        runAs = status;
    }

    @Override
    public List<io.uwsgid.os.Proc.Status> identities(int pgid) {
        if (identities.containsKey(pgid)) {
            return identities.get(pgid);
        }
        io.uwsgid.os.Proc.Status s = runAs;
        return List.of(new io.uwsgid.os.Proc.Status(pgid, s.uid(), s.euid(), s.gid(), s.egid(), s.groups(), s.noNewPrivs(), s.capEff()));
    }

    @Override
    public boolean emperor(int pid, int message) {
        emperorSent.add(new Emperor(pid, message));
        return !deaf.contains(pid);
    }

    @Override
    public void killGroup(int pgid, int signal) {
        kills.add(new Kill(pgid, signal));
    }

    @Override
    public boolean groupAlive(int pgid) {
        return liveGroups.contains(pgid);
    }

    @Override
    public void trimNativeHeap() {} // a fake has no C heap of its own to give back

    @Override
    public boolean mayHaveEnded() {
        return !exits.isEmpty();
    }

    @Override
    public Optional<ExitStatus> reap(int pid) {
        return Optional.ofNullable(exits.remove(pid));
    }

    @Override
    public List<String> tail(int pid) {
        return tails.getOrDefault(pid, List.of());
    }

    @Override
    public void release(int pid) {
        released.add(pid);
    }

    @Override
    public void writeFile(Path path, String content, int mode, int uid, int gid) {
        written.add(new Written(path, content, mode, uid, gid));
        files.put(path, content);
    }

    @Override
    public void removePidFile(Path path, int pid) {
        pidFileRemovals.add(new PidFileRemoval(path, pid));
        if ((pid + "\n").equals(files.get(path))) {
            files.remove(path);
        }
    }

    @Override
    public void makeDir(Path dir, int mode, int gid) {
        dirsMade.add(new DirMade(dir, mode, gid));
    }

    @Override
    public void makeSiteDir(Path dir, int uid, int gid, Set<String> keep) {
        siteDirsMade.add(new SiteDirMade(dir, uid, gid, keep));
    }

    record Adopted(int pid, io.uwsgid.os.ChildPipes pipes, boolean ownChild) {}

    final List<Adopted> adopted = new ArrayList<>();
    final List<Integer> detached = new ArrayList<>();

    @Override
    public io.uwsgid.os.ChildPipes detach(int pid) {
        detached.add(pid);
        return new io.uwsgid.os.ChildPipes(100 + pid, 200 + pid);
    }

    @Override
    public void adopt(int pid, io.uwsgid.os.ChildPipes pipes, LogSink log, boolean ownChild) {
        adopted.add(new Adopted(pid, pipes, ownChild));
    }

    @Override
    public ListeningSocket adoptSocket(ListeningSocket recorded, int fd) {
        return new ListeningSocket(recorded.option(), recorded.address(), fd, recorded.path(), recorded.device(), recorded.inode());
    }
}
