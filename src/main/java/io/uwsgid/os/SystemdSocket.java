package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static io.uwsgid.os.Native.RUNTIME;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A datagram socket to systemd's notification socket ({@code NOTIFY_SOCKET}: a path, or
 * {@code @name} in the abstract namespace): one datagram per message. Through libc, as the JDK
 * has no unix datagram sockets.
 */
public final class SystemdSocket implements AutoCloseable {
    private final int fd;
    private final Pointer address;

    private SystemdSocket(int fd, Pointer address) {
        this.fd = fd;
        this.address = address;
    }

    /** {@code blocking}: whether a send waits while systemd's queue is full, or fails at once. */
    public static SystemdSocket open(String address, boolean blocking) throws OsException {
        int type = Native.SOCK_DGRAM | Native.SOCK_CLOEXEC | (blocking ? 0 : Native.SOCK_NONBLOCK);
        return new SystemdSocket(Native.check(LIBC.socket(Native.AF_UNIX, type, 0), "socket", "NOTIFY_SOCKET"), Sockets.unixAddress(address));
    }

    /** Sends {@code message}; false if it was not sent ({@link Native#errno()} says why). */
    public boolean send(String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return LIBC.sendto(fd, text, text.length, Native.MSG_NOSIGNAL, address, (int) address.size()) >= 0;
    }

    /** Sends {@code message} carrying a duplicate of {@code passed} (SCM_RIGHTS); x86_64 and aarch64 share this layout. */
    boolean send(String message, int passed) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        Pointer data = Memory.allocateDirect(RUNTIME, text.length, true);
        data.put(0, text, 0, text.length);
        Pointer iov = Memory.allocateDirect(RUNTIME, 16, true);
        iov.putAddress(0, data.address());
        iov.putLong(8, text.length);
        Pointer cmsg = Memory.allocateDirect(RUNTIME, 24, true); // CMSG_SPACE(sizeof(int))
        cmsg.putLong(0, 20); // CMSG_LEN(sizeof(int))
        cmsg.putInt(8, Native.SOL_SOCKET);
        cmsg.putInt(12, Native.SCM_RIGHTS);
        cmsg.putInt(16, passed);
        Pointer msg = Memory.allocateDirect(RUNTIME, 56, true);
        msg.putAddress(0, address.address());
        msg.putInt(8, (int) address.size());
        msg.putAddress(16, iov.address());
        msg.putLong(24, 1);
        msg.putAddress(32, cmsg.address());
        msg.putLong(40, 24);
        long sent = LIBC.sendmsg(fd, msg, Native.MSG_NOSIGNAL);
        Reference.reachabilityFence(new Object[] {data, iov, cmsg}); // reached through addresses only: not freed before the call
        return sent >= 0;
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
