package io.uwsgid.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.os.Users;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket's peer ids: SO_PEERCRED's numbers, never a name's lookup. */
class ConnectionTest {
    /** A local root (0) and a directory account also named root (5000). */
    static final Map<Integer, String> NAMES = Map.of(0, "root", 5000, "root", 1000, "alice");

    static Optional<String> nameOf(int id) {
        return Optional.ofNullable(NAMES.get(id));
    }

    @Test
    void theNumberIsTheOneTheKernelGaveNotTheOneTheNameLooksUpFirst() {
        assertEquals(5000, Connection.id("root", 5000, ConnectionTest::nameOf), "a directory 'root' stays 5000");
        assertEquals(0, Connection.id("root", 0, ConnectionTest::nameOf));
        assertEquals(1000, Connection.id("alice", 1000, ConnectionTest::nameOf));
    }

    @Test
    void anIdWithoutANameIsItsNumber() {
        assertEquals(4242, Connection.id("4242", 4242, ConnectionTest::nameOf));
    }

    @Test
    void aHashThatIsNotTheIdIsRefused() {
        assertEquals(-1, Connection.id("alice", "alice".hashCode(), ConnectionTest::nameOf));
        assertEquals(-1, Connection.id("root", 1000, ConnectionTest::nameOf));
        assertEquals(-1, Connection.id("x", -5, ConnectionTest::nameOf));
    }

    @Test
    void thisJdkGivesTheRealIdsOfARealPeer(@TempDir Path dir) throws IOException {
        Path sock = dir.resolve("c.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(sock)); Connection c = new Connection(server.accept())) {
                Connection.Peer peer = c.peer();
                assertEquals(Users.currentUid(), peer.uid());
                assertEquals((int) new com.sun.security.auth.module.UnixSystem().getGid(), peer.gid());
            }
        }
    }
}
