package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting to a socket in a directory its user controls: that socket, or nothing. */
class SiteSocketTest {
    @TempDir
    Path dir;

    private Path statsDir() throws Exception {
        return Files.createDirectories(dir.resolve("site/stats"));
    }

    @Test
    void aSocketOfTheDirectorysOwnerIsReachedThroughItsFd() throws Exception {
        Path sock = statsDir().resolve("1.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            try (SiteSocket s = SiteSocket.open(sock); SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(s.procPath()))) {
                assertTrue(ch.isConnected());
            }
        }
    }

    @Test
    void aPlantedSymlinkIsRefusedNotFollowed() throws Exception {
        Path target = dir.resolve("elsewhere.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(target));
            Path link = Files.createSymbolicLink(statsDir().resolve("1.sock"), target);
            OsException e = assertThrows(OsException.class, () -> SiteSocket.open(link));
            assertTrue(e.getMessage().contains("a symlink"), e.getMessage());
        }
    }

    @Test
    void aSymlinkedDirectoryIsRefusedToo() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.createDirectories(dir.resolve("site"));
        Files.createSymbolicLink(dir.resolve("site/stats"), real);
        assertThrows(OsException.class, () -> SiteSocket.open(dir.resolve("site/stats/1.sock")));
    }

    @Test
    void aRegularFileOrNothingIsNoSocket() throws Exception {
        Path file = Files.writeString(statsDir().resolve("1.sock"), "{}");
        assertThrows(OsException.class, () -> SiteSocket.open(file));
        assertThrows(OsException.class, () -> SiteSocket.open(file.resolveSibling("2.sock")));
    }
}
