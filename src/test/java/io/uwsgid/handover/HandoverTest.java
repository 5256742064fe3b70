package io.uwsgid.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.ChildPipes;
import io.uwsgid.os.Handoff;
import io.uwsgid.os.ListeningSocket;
import io.uwsgid.site.SiteHandoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state and descriptors one uwsgid hands the next, packed and unpacked with real descriptors (memory files stand in for pipes). */
class HandoverTest {
    private static int fd(String what) throws Exception {
        return Handoff.memoryFile(what, what);
    }

    private static boolean open(int fd) {
        return Files.exists(Path.of("/proc/self/fd/" + fd));
    }

    @Test
    void whatIsPackedUnpacksToTheSameGenerationsAndTheStateIsClosed() throws Exception {
        ListeningSocket sock = new ListeningSocket("socket", "/run/nginx/a.sock", fd("sock"), Path.of("/run/nginx/a.sock"), 3, 99);
        SiteHandoff a = new SiteHandoff("a", 7, 4242, new ChildPipes(fd("emperor"), fd("log")), List.of(sock), List.of("socket=/run/nginx/a.sock"));
        Map<String, Integer> fds = Handover.pack(List.of(a), ProcessHandle.current().pid());
        assertEquals(List.of("0.emperor", "0.log", "0.sock0", "state"), List.copyOf(fds.keySet()));
        int state = fds.get("state");
        Handover.Received got = Handover.unpack(new HashMap<>(fds), ProcessHandle.current().pid());
        assertEquals(Map.of("a", a), got.sites());
        assertTrue(got.ownChildren(), "handed over to the same pid: an exec in place");
        assertFalse(open(state), "the state's memory file is closed once read");
        assertTrue(open(a.pipes().emperor()) && open(a.pipes().log()) && open(sock.fd()));
    }

    @Test
    void aDescriptorNoSiteClaimsIsClosed() throws Exception {
        SiteHandoff a = new SiteHandoff("a", 1, 4242, new ChildPipes(fd("emperor"), fd("log")), List.of(), List.of());
        Map<String, Integer> fds = new HashMap<>(Handover.pack(List.of(a), 1));
        int stray = fd("stray");
        fds.put("9.sock0", stray);
        Handover.Received got = Handover.unpack(fds, 2);
        assertEquals(List.of("a"), List.copyOf(got.sites().keySet()));
        assertFalse(got.ownChildren(), "handed over from another process: systemd's store");
        assertFalse(open(stray));
    }

    @Test
    void withoutAReadableStateEverythingIsClosedAndEverySiteStartsAfresh() throws Exception {
        int emperor = fd("emperor"), log = fd("log");
        Handover.Received got = Handover.unpack(new HashMap<>(Map.of("0.emperor", emperor, "0.log", log)), 1);
        assertEquals(Map.of(), got.sites());
        assertFalse(open(emperor) || open(log));
    }

    @Test
    void descriptorsPassedByAnExecInPlaceAreFoundByName() throws Exception {
        int a = fd("first"), b = fd("second");
        Map<String, Integer> got = Handoff.inherited(Map.of("UWSGID_FDS", a + "," + b, "UWSGID_FDNAMES", "0.emperor:state"), 1);
        assertEquals(Map.of("0.emperor", a, "state", b), got);
        assertEquals("second", Handoff.read(b));
    }

    @Test
    void systemdsListenFdsAreForTheProcessTheyNameOnly() {
        assertEquals(Map.of(), Handoff.inherited(Map.of("LISTEN_PID", "1", "LISTEN_FDS", "2", "LISTEN_FDNAMES", "a:b"), 2));
    }
}
