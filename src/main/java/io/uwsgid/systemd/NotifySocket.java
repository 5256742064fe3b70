package io.uwsgid.systemd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import jnr.unixsocket.UnixDatagramChannel;
import jnr.unixsocket.UnixSocketAddress;

/**
 * systemd's notification socket ({@code NOTIFY_SOCKET}): one datagram per message. The JDK has
 * no unix datagram sockets, so jnr-unixsocket. Sends never block: the loop thread calls them, and
 * a message systemd cannot take at once is dropped (the next turn says it again).
 */
final class NotifySocket implements NotifyTransport {
    private final UnixDatagramChannel channel;
    private final UnixSocketAddress target;

    private NotifySocket(UnixDatagramChannel channel, UnixSocketAddress target) {
        this.channel = channel;
        this.target = target;
    }

    /** {@code address} as systemd sets it: a path, or {@code @name} for the abstract namespace. */
    static NotifySocket open(String address) throws IOException {
        UnixDatagramChannel ch = UnixDatagramChannel.open();
        ch.configureBlocking(false);
        return new NotifySocket(ch, new UnixSocketAddress(address.startsWith("@") ? "\0" + address.substring(1) : address));
    }

    @Override
    public boolean send(String message) {
        try {
            return channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), target) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
