package io.uwsgid.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Everything the supervisor asks of the operating system. Sites depend on this interface only, so
 * their state machines run in tests against a fake kernel and a manual clock.
 */
public interface Kernel {
    /** A monotonic clock in nanoseconds; never wall-clock time. */
    long nanoTime();

    /** Binds a socket and makes it reachable at once. */
    default ListeningSocket bind(SocketSpec spec) throws OsException {
        ListeningSocket s = stage(spec);
        try {
            publish(s);
        } catch (OsException e) {
            closeSocket(s, false);
            throw e;
        }
        return s;
    }

    /**
     * Binds a socket that nobody can reach yet: a unix socket listens, with its mode and owner,
     * in a root-only directory until {@link #publish}; a TCP socket is bound and reachable at once.
     */
    ListeningSocket stage(SocketSpec spec) throws OsException;

    /**
     * Moves a staged unix socket to its path, atomically replacing the socket there: clients
     * connecting from now on reach this one, those queued on the replaced one stay queued there.
     * Nothing for a TCP socket or one already published.
     */
    void publish(ListeningSocket socket) throws OsException;

    /** Whether no connection waits in the socket's accept queue (nobody has accepted it yet). */
    boolean queueEmpty(ListeningSocket socket);

    /** Closes the master's listening fd (and a staged socket's private directory); removes the socket file too if asked and still ours. */
    void closeSocket(ListeningSocket socket, boolean removeFile);

    /** Whether a unix socket's file is still the one the master bound (not removed or replaced); always true for TCP. */
    boolean socketInPlace(ListeningSocket socket);

    LogSink openLog(String site, Path path, int gid) throws OsException;

    /** Closes a log once every child released before this call has had its last output written to it. */
    void closeLog(LogSink log);

    /** Starts a child; returns its pid, which is also its process group and session. */
    int spawn(ChildSpec spec) throws OsException;

    /**
     * Whether what master {@code pid} says on its emperor pipe may wait (its site is settled)
     * instead of waking the poller at once; its workers send at most {@code beatsPerSecond}
     * heartbeats (0: none; asked only when the pipe goes quiet), which bounds how long the pipe
     * may go unread. Loop thread, every turn.
     */
    default void quietEmperor(int pid, boolean quiet, DoubleSupplier beatsPerSecond) {}

    /** Sends one byte of uWSGI's emperor protocol to a live child; false if it cannot hear it. */
    boolean emperor(int pid, int message);

    /** Signals the whole process group of a child (its uWSGI master and workers). */
    void killGroup(int pgid, int signal);

    /**
     * Whether the process group a reaped child led still has members (its workers outlive a
     * killed uWSGI master). False once a new process leads a group of that number: then the
     * group is someone else's.
     */
    boolean groupAlive(int pgid);

    /**
     * Who the processes of a child's group run as (its uWSGI master and the workers forked so far),
     * read from /proc; a process that ends while it is read is left out.
     */
    List<Proc.Status> identities(int pgid);

    /** Who one process runs as (none if it is gone): cheaper than {@link #identities}, which reads every process of the host. */
    default List<Proc.Status> identity(int pid) {
        return identities(pid).stream().filter(s -> s.pid() == pid).toList();
    }

    /** The child's exit status if it has ended, reaping it; empty while it runs. Only pids this master spawned. */
    Optional<ExitStatus> reap(int pid);

    /**
     * Whether a {@link #reap} of every child may find one that ended: one of this master's
     * children waits to be reaped, or there are adopted ones (only /proc tells of their end).
     * Costs one system call, where asking each child costs one per child.
     */
    boolean mayHaveEnded();

    /**
     * Gives the C heap's free pages back to the system (glibc's malloc_trim): the JVM compiles and
     * loads with malloc'ed scratch memory that glibc keeps once freed, 1-1.5 MB of RSS here a
     * minute after starting 1 or 500 sites. A no-op where the C library has no malloc_trim.
     */
    void trimNativeHeap();

    /** The last lines the child wrote. */
    List<String> tail(int pid);

    /** Closes the pipes of a reaped child once its last output is written. */
    void release(int pid);

    /** Replaces {@code path} atomically, never through a link. */
    void writeFile(Path path, String content, int mode, int uid, int gid) throws OsException;

    void removePidFile(Path path, int pid);

    /** Makes a root-owned directory with {@code mode} and group {@code gid}, or corrects one that exists. */
    void makeDir(Path dir, int mode, int gid) throws OsException;

    /**
     * Makes {@code dir} (its parent is root's) a directory owned by {@code uid}:{@code gid}, mode
     * 0700, for a site's uWSGI to create files in; removes every entry in it but {@code keep}.
     */
    default void makeSiteDir(Path dir, int uid, int gid, java.util.Set<String> keep) throws OsException {}

    // ---- handing the children over to the next uwsgid, and adopting them there ----

    /** Stops reading every child's pipes (before they are handed over); {@link #resume} undoes it. */
    default void quiesce() {}

    default void resume() {}

    /** Stops watching a child's pipes (it is handed over) and returns the master's ends, which stay open. */
    default ChildPipes detach(int pid) {
        throw new UnsupportedOperationException("detach");
    }

    /**
     * Watches a child an earlier uwsgid spawned, through the pipes it handed over. {@code ownChild}:
     * it is still this process's child (an exec in place); else its exit is seen, without a status,
     * when the process is gone.
     */
    default void adopt(int pid, ChildPipes pipes, LogSink log, boolean ownChild) {
        throw new UnsupportedOperationException("adopt");
    }

    /** A socket an earlier uwsgid bound, as it recorded it, now at fd {@code fd}; refused unless it listens. */
    default ListeningSocket adoptSocket(ListeningSocket recorded, int fd) throws OsException {
        throw new UnsupportedOperationException("adoptSocket");
    }

    /**
     * Watches an on-demand site's listening sockets until a connection waits on one of them, then
     * tells the {@link ChildListener} once ({@code connectionWaiting(site)}) and stops watching.
     */
    default void awaitConnection(String site, List<ListeningSocket> sockets) {}

    /** Stops watching sockets given to {@link #awaitConnection} (before they are closed). */
    default void stopAwaiting(List<ListeningSocket> sockets) {}

    /** Where generations of sites with limits get cgroups of their own; none unless the host has them. */
    default Cgroups cgroups() {
        return Cgroups.none();
    }
}
