package io.uwsgid.site;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.ListeningSocket;
import io.uwsgid.os.LogSink;
import io.uwsgid.os.OsException;
import io.uwsgid.os.SocketSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What the master holds for a site while it is wanted up: its bound sockets, its log. The
 * sockets are kept across the generations a crash or a start replaces (connections wait in the
 * backlog meanwhile). A reload gets its own unix sockets, staged until its generation accepts and
 * then renamed over the old ones, so that the generation it replaces gets no connection after that.
 */
final class Resources {
    private final Kernel kernel;
    private final List<ListeningSocket> sockets = new ArrayList<>();
    private LogSink log;
    private SiteConfig boundFor;
    private boolean lost;
    /** Unix sockets bound for a generation that does not accept yet; nobody can connect to them. */
    private boolean staged;

    Resources(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Binds the sockets and opens the log for {@code site}; on failure holds nothing. */
    void acquire(SiteConfig site) throws OsException {
        acquire(site, false);
    }

    /** Like {@link #acquire(SiteConfig)}, but its unix sockets are only reachable after {@link #publish}. */
    void acquireStaged(SiteConfig site) throws OsException {
        acquire(site, true);
    }

    private void acquire(SiteConfig site, boolean stage) throws OsException {
        release(false);
        try {
            for (SocketSpec spec : site.sockets()) {
                sockets.add(stage ? kernel.stage(spec) : kernel.bind(spec));
            }
            log = site.logFile() == null ? LogSink.console(site.name()) : kernel.openLog(site.name(), site.logFile(), site.identity().gid());
        } catch (OsException e) {
            release(false);
            throw e;
        }
        boundFor = site;
        staged = stage;
    }

    /**
     * Takes over sockets an earlier uwsgid bound for {@code site}'s serving generation, and opens
     * the log. When the file now names other sockets, these serve only until the next reload binds those.
     */
    void adopt(SiteConfig site, List<ListeningSocket> inherited) throws OsException {
        release(false);
        try {
            for (ListeningSocket s : inherited) {
                sockets.add(kernel.adoptSocket(s, s.fd()));
            }
            log = site.logFile() == null ? LogSink.console(site.name()) : kernel.openLog(site.name(), site.logFile(), site.identity().gid());
        } catch (OsException e) {
            inherited.forEach(s -> kernel.closeSocket(s, false));
            sockets.clear();
            throw e;
        }
        boundFor = site;
        lost = !describeSockets().equals(site.sockets().stream().map(SocketSpec::address).toList());
    }

    /** Whether every socket of {@code site} is a unix socket at a path: the kind a reload can replace by renaming. */
    static boolean movable(SiteConfig site) {
        return site.sockets().stream().allMatch(SocketSpec::isUnix);
    }

    boolean staged() {
        return staged;
    }

    /** Makes staged sockets reachable at their paths, replacing what is there. */
    void publish() throws OsException {
        for (ListeningSocket s : sockets) {
            kernel.publish(s);
        }
        staged = false;
    }

    /** Whether {@code other} is now reached at every unix socket path of these: nothing can connect to these any more. */
    boolean replacedBy(Resources other) {
        List<String> mine = sockets.stream().filter(ListeningSocket::isUnix).map(ListeningSocket::address).toList();
        return !mine.isEmpty() && sockets.size() == mine.size() && other.describeSockets().containsAll(mine);
    }

    /** Whether no connection waits in any of these sockets' accept queues. */
    boolean drained() {
        return sockets.stream().allMatch(kernel::queueEmpty);
    }

    static boolean sameResources(SiteConfig a, SiteConfig b) {
        return a.sockets().equals(b.sockets()) && java.util.Objects.equals(a.logFile(), b.logFile());
    }

    boolean held() {
        return boundFor != null;
    }

    /** Whether these resources already serve {@code site}: same sockets, same log, every socket file still in place. */
    boolean fits(SiteConfig site) {
        return boundFor != null && !lost && sameResources(boundFor, site);
    }

    /** Unix socket paths whose file was removed or replaced since the master bound them; once any is, these resources are done. */
    List<String> lostSockets() {
        List<String> gone = null; // checked every 10 s for every site: nothing allocated when all are in place
        for (ListeningSocket s : sockets) {
            if (!kernel.socketInPlace(s)) {
                gone = gone == null ? new ArrayList<>() : gone;
                gone.add(s.address());
            }
        }
        if (gone == null) {
            return List.of();
        }
        lost = true;
        return List.copyOf(gone);
    }

    boolean lost() {
        return lost;
    }

    List<ListeningSocket> sockets() {
        return List.copyOf(sockets);
    }

    List<String> describeSockets() {
        return sockets.stream().map(ListeningSocket::address).toList();
    }

    LogSink log() {
        return log;
    }

    /** Reopens the log file at its path; false when the site logs to the console or holds nothing. */
    boolean reopenLog() throws OsException {
        if (log == null || boundFor.logFile() == null) {
            return false;
        }
        log.reopen();
        return true;
    }

    /** Closes the sockets (removing their files when {@code vacuum}) and the log. */
    void release(boolean vacuum) {
        sockets.forEach(s -> kernel.closeSocket(s, vacuum));
        sockets.clear();
        if (log != null) {
            kernel.closeLog(log);
            log = null;
        }
        boundFor = null;
        staged = false;
    }
}
