package io.uwsgid.systemd;

import io.uwsgid.os.OsException;
import io.uwsgid.os.SystemdSocket;

/**
 * systemd's notification socket ({@code NOTIFY_SOCKET}): one datagram per message. Sends never
 * block: the loop thread calls them, and a message systemd cannot take at once is dropped (the
 * next turn says it again).
 */
final class NotifySocket implements NotifyTransport {
    private final SystemdSocket socket;

    private NotifySocket(SystemdSocket socket) {
        this.socket = socket;
    }

    /** {@code address} as systemd sets it: a path, or {@code @name} for the abstract namespace. */
    static NotifySocket open(String address) throws OsException {
        return new NotifySocket(SystemdSocket.open(address, false));
    }

    @Override
    public boolean send(String message) {
        return socket.send(message);
    }

    @Override
    public void close() {
        socket.close();
    }
}
