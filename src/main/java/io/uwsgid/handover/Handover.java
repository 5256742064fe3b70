package io.uwsgid.handover;

import io.uwsgid.control.Json;
import io.uwsgid.os.ChildPipes;
import io.uwsgid.os.Handoff;
import io.uwsgid.os.ListeningSocket;
import io.uwsgid.os.OsException;
import io.uwsgid.site.SiteHandoff;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one uwsgid hands to the next: each settled site's serving generation as descriptors under
 * names ({@code 3.emperor}, {@code 3.log}, {@code 3.sock0} for the fourth site), and a memory file
 * named {@code state} saying which site, pid and generation each belongs to.
 */
public final class Handover {
    private static final Logger LOG = LoggerFactory.getLogger(Handover.class);
    static final String STATE = "state";
    private static final int VERSION = 1;

    record State(int version, long fromPid, List<SiteEntry> sites) {}

    record SiteEntry(String site, int generation, int pid, List<String> options, List<SocketEntry> sockets) {}

    record SocketEntry(String option, String address, String path, long device, long inode) {}

    /** What this process was handed: the generations by site, and whether their masters are its own children (an exec in place). */
    public record Received(Map<String, SiteHandoff> sites, boolean ownChildren) {
        public static final Received NONE = new Received(Map.of(), false);
    }

    private Handover() {}

    /** The descriptors to hand over, by name, with the state among them. */
    public static Map<String, Integer> pack(List<SiteHandoff> handoffs, long pid) throws OsException {
        Map<String, Integer> fds = new LinkedHashMap<>();
        List<SiteEntry> entries = new ArrayList<>();
        for (int i = 0; i < handoffs.size(); i++) {
            SiteHandoff h = handoffs.get(i);
            fds.put(i + ".emperor", h.pipes().emperor());
            fds.put(i + ".log", h.pipes().log());
            List<SocketEntry> sockets = new ArrayList<>();
            for (int j = 0; j < h.sockets().size(); j++) {
                ListeningSocket s = h.sockets().get(j);
                fds.put(i + ".sock" + j, s.fd());
                sockets.add(new SocketEntry(s.option(), s.address(), s.path() == null ? null : s.path().toString(), s.device(), s.inode()));
            }
            entries.add(new SiteEntry(h.site(), h.generation(), h.pid(), h.options(), sockets));
        }
        fds.put(STATE, Handoff.memoryFile("uwsgid-state", Json.write(new State(VERSION, pid, entries))));
        return fds;
    }

    /**
     * The generations an earlier uwsgid handed to this process ({@code pid}), with this process's
     * descriptor numbers. A descriptor that belongs to no site in the state is closed; so is
     * everything when the state cannot be read (then each site starts afresh, and masters left
     * without their emperor channel end themselves).
     */
    public static Received unpack(Map<String, Integer> fds, long pid) {
        if (fds.isEmpty()) {
            return Received.NONE;
        }
        Set<Integer> used = new HashSet<>();
        Map<String, SiteHandoff> sites = new LinkedHashMap<>();
        State state = null;
        try {
            Integer stateFd = fds.get(STATE);
            if (stateFd == null) {
                throw new IOException("no state among the descriptors " + fds.keySet());
            }
            state = Json.read(Handoff.read(stateFd), State.class);
            for (int i = 0; i < state.sites().size(); i++) {
                SiteEntry e = state.sites().get(i);
                SiteHandoff h = renumber(i, e, fds);
                if (h == null) {
                    LOG.warn("{} - the descriptors of generation {} (pid {}) were not all handed over; it is not taken over", e.site(), e.generation(), e.pid());
                    continue;
                }
                sites.put(e.site(), h);
                used.add(h.pipes().emperor());
                used.add(h.pipes().log());
                h.sockets().forEach(s -> used.add(s.fd()));
            }
        } catch (IOException | OsException | RuntimeException e) {
            LOG.error("cannot read what the uwsgid before handed over ({}); every site starts afresh", e.toString());
            sites.clear();
            used.clear();
        }
        fds.forEach((name, fd) -> {
            if (!used.contains(fd)) {
                if (!name.equals(STATE)) {
                    LOG.warn("closing the handed-over descriptor {} (fd {}): no site takes it", name, fd);
                }
                Handoff.close(fd);
            }
        });
        return new Received(sites, state != null && state.fromPid() == pid);
    }

    private static SiteHandoff renumber(int i, SiteEntry e, Map<String, Integer> fds) {
        Integer emperor = fds.get(i + ".emperor"), log = fds.get(i + ".log");
        if (emperor == null || log == null) {
            return null;
        }
        List<ListeningSocket> sockets = new ArrayList<>();
        for (int j = 0; j < e.sockets().size(); j++) {
            SocketEntry s = e.sockets().get(j);
            Integer fd = fds.get(i + ".sock" + j);
            if (fd == null) {
                return null;
            }
            sockets.add(new ListeningSocket(s.option(), s.address(), fd, s.path() == null ? null : Path.of(s.path()), s.device(), s.inode()));
        }
        return new SiteHandoff(e.site(), e.generation(), e.pid(), new ChildPipes(emperor, log), sockets, e.options());
    }
}
