package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static io.uwsgid.os.Native.RUNTIME;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** systemd's end of NOTIFY_SOCKET, for tests: a bound unix datagram socket that receives one message at a time. */
public final class NotifyReceiver implements AutoCloseable {
    private final int fd;

    private NotifyReceiver(int fd) {
        this.fd = fd;
    }

    /** Binds {@code address}: a path, or {@code @name} in the abstract namespace. */
    public static NotifyReceiver bind(String address) throws OsException {
        int fd = Native.check(LIBC.socket(Native.AF_UNIX, Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0), "socket", address);
        Pointer addr = Sockets.unixAddress(address);
        if (LIBC.bind(fd, addr, (int) addr.size()) < 0) {
            int err = Native.errno();
            LIBC.close(fd);
            throw new OsException(err, "bind " + address + ": " + Native.strerror(err));
        }
        return new NotifyReceiver(fd);
    }

    /** The next message, or null if none came within {@code timeoutMillis}. */
    public String receive(int timeoutMillis) {
        Pointer pollfd = Memory.allocateDirect(RUNTIME, 8, true);
        pollfd.putInt(0, fd);
        pollfd.putShort(4, (short) Native.POLLIN);
        if (LIBC.poll(pollfd, 1, timeoutMillis) <= 0) {
            return null;
        }
        byte[] buf = new byte[4096];
        long n = LIBC.read(fd, buf, buf.length);
        return n < 0 ? null : new String(buf, 0, (int) n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
