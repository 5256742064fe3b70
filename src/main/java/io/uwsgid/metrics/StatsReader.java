package io.uwsgid.metrics;

import io.uwsgid.os.OsException;
import io.uwsgid.os.SiteSocket;
import io.uwsgid.status.SiteUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the uWSGI stats servers of many sites at once, on the calling thread, all within one
 * deadline: each server writes one JSON document and closes. A site whose server is missing,
 * slow or lying costs nothing but its own stats; reads are capped in size.
 */
final class StatsReader {
    static final int MAX_BYTES = 4 << 20;

    private final Map<String, SiteUsage.Stats> out = new HashMap<>();
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    /** Channels still open: cancelled keys leave the selector only at its next select. */
    private int open;

    private StatsReader() {}

    /** site name -> its stats, for those read and parsed in time; {@code sockets}: site name -> stats socket. */
    static Map<String, SiteUsage.Stats> read(Map<String, Path> sockets, Duration timeout) {
        return sockets.isEmpty() ? Map.of() : new StatsReader().readAll(sockets, timeout);
    }

    private Map<String, SiteUsage.Stats> readAll(Map<String, Path> sockets, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            sockets.forEach((site, path) -> connect(selector, site, path));
            while (open > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                selector.select(left);
                for (SelectionKey key : selector.selectedKeys()) {
                    step(key);
                }
                selector.selectedKeys().clear();
            }
            for (SelectionKey key : selector.keys()) {
                if (key.isValid()) {
                    close(key);
                }
            }
        } catch (IOException e) {
            // no selector: no stats this time
        }
        return out;
    }

    /** One site's document as it arrives: usually in one read (~1 KiB), so its array is sized by what came. */
    private static final class Pending {
        final String site;
        byte[] bytes = new byte[0];
        int len;

        Pending(String site) {
            this.site = site;
        }

        void add(byte[] src, int n) {
            if (len + n > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(len + n, Math.min(2 * bytes.length, MAX_BYTES + n)));
            }
            System.arraycopy(src, 0, bytes, len, n);
            len += n;
        }
    }

    private void connect(Selector selector, String site, Path path) {
        SocketChannel ch = null;
        try (SiteSocket socket = SiteSocket.open(path)) {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.configureBlocking(false);
            boolean connected = ch.connect(UnixDomainSocketAddress.of(socket.procPath()));
            ch.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, new Pending(site));
            open++;
        } catch (OsException | IOException | RuntimeException e) {
            // absent (not started yet, stats off) or refused: this site has no stats this time
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // closing a channel that never connected
                }
            }
        }
    }

    private void step(SelectionKey key) {
        SocketChannel ch = (SocketChannel) key.channel();
        Pending p = (Pending) key.attachment();
        try {
            if (key.isConnectable()) {
                ch.finishConnect();
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            buf.clear();
            int n = ch.read(buf);
            if (n > 0) {
                p.add(buf.array(), n);
                if (p.len > MAX_BYTES) {
                    close(key);
                }
                return;
            }
            if (n < 0) {
                close(key);
                UwsgiStats.parse(p.bytes, p.len).ifPresent(s -> out.put(p.site, s));
            }
        } catch (IOException e) {
            close(key);
        }
    }

    private void close(SelectionKey key) {
        open--;
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            // nothing more to read from it anyway
        }
    }
}
