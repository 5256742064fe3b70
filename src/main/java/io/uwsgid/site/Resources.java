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
 * What the master holds for a site while it is wanted up: its bound sockets (kept across every
 * generation, so connections wait in the backlog while a child is replaced), its log, its pid files.
 */
final class Resources {
    private final Kernel kernel;
    private final List<ListeningSocket> sockets = new ArrayList<>();
    private LogSink log;
    private SiteConfig boundFor;
    private boolean lost;

    Resources(Kernel kernel) {
        this.kernel = kernel;
    }

    /** Binds the sockets and opens the log for {@code site}; on failure holds nothing. */
    void acquire(SiteConfig site) throws OsException {
        release(false);
        try {
            for (SocketSpec spec : site.sockets()) {
                sockets.add(kernel.bind(spec));
            }
            log = site.logFile() == null ? LogSink.console(site.name()) : kernel.openLog(site.name(), site.logFile(), site.identity().gid());
        } catch (OsException e) {
            release(false);
            throw e;
        }
        boundFor = site;
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
        List<String> gone = sockets.stream().filter(s -> !kernel.socketInPlace(s)).map(ListeningSocket::address).toList();
        lost |= !gone.isEmpty();
        return gone;
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
    }
}
