package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static io.uwsgid.os.Native.RUNTIME;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * Binds listening sockets as root: unix sockets through a private directory (staged there until
 * published at their path), TCP with SO_REUSEADDR.
 */
final class Sockets {
    private static final int SUN_PATH_MAX = 107;

    private Sockets() {}

    /** A unix socket bound, with its mode and owner, in a root-only directory, not yet at its path. */
    record Staged(ListeningSocket socket, Dir parent, PrivateDir priv) {
        /** Renames it to its path, atomically replacing the socket there: from now on connect(2) reaches this one. */
        void publish() throws OsException {
            priv.publish(socket.path().getFileName().toString());
        }

        /** Removes the private directory (and the socket file in it if it was never published). */
        void close() {
            priv.close();
            parent.close();
        }
    }

    /** A unix socket bound and listening but not reachable yet (see {@link Staged}), or a TCP socket bound at once (null staging). */
    static Staged stage(SocketSpec spec) throws OsException {
        Path target = Path.of(spec.address()).toAbsolutePath();
        if (target.toString().length() > SUN_PATH_MAX) {
            throw new OsException(36, "socket path " + target + " is longer than the " + SUN_PATH_MAX + " bytes a unix socket allows");
        }
        Dir parent = Dir.parentOf(target);
        PrivateDir priv;
        try {
            priv = PrivateDir.in(parent);
        } catch (OsException e) {
            parent.close();
            throw e;
        }
        int fd = -1;
        try {
            fd = Native.check(LIBC.socket(Native.AF_UNIX, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0), "socket", spec.address());
            bindAddress(fd, unixAddress(priv.dir.procPath() + "/" + PrivateDir.ITEM), target);
            priv.dir.chmod(PrivateDir.ITEM, spec.mode());
            priv.dir.chown(PrivateDir.ITEM, spec.uid(), spec.gid());
            Native.check(LIBC.listen(fd, spec.backlog()), "listen", target);
            Stat st = Stat.lstat(priv.dir.procPath() + "/" + PrivateDir.ITEM);
            Path at = parent.path.resolve(target.getFileName().toString());
            return new Staged(new ListeningSocket(spec.option(), spec.address(), fd, at, st.dev(), st.ino()), parent, priv);
        } catch (OsException | RuntimeException e) {
            if (fd >= 0) {
                LIBC.close(fd);
            }
            priv.close();
            parent.close();
            throw e;
        }
    }

    static ListeningSocket bindTcp(SocketSpec spec) throws OsException {
        int colon = spec.address().lastIndexOf(':');
        String host = spec.address().substring(0, colon).replace("[", "").replace("]", "");
        int port = parsePort(spec.address().substring(colon + 1), spec.address());
        InetAddress ip = resolve(host, spec.address());
        boolean v6 = ip instanceof Inet6Address;
        int fd = Native.check(LIBC.socket(v6 ? Native.AF_INET6 : Native.AF_INET, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0), "socket", spec.address());
        try {
            setOption(fd, Native.SOL_SOCKET, Native.SO_REUSEADDR, 1);
            if (v6) {
                setOption(fd, Native.IPPROTO_IPV6, Native.IPV6_V6ONLY, 0);
            }
            bindAddress(fd, v6 ? inet6Address(ip, port) : inetAddress(ip, port), spec.address());
            Native.check(LIBC.listen(fd, spec.backlog()), "listen", spec.address());
            return new ListeningSocket(spec.option(), spec.address(), fd, null, 0, 0);
        } catch (OsException e) {
            LIBC.close(fd);
            throw e;
        }
    }

    /** Whether no connection waits in the socket's accept queue: poll(2) reports a listening socket readable while one does. */
    static boolean queueEmpty(ListeningSocket socket) {
        Pointer fds = Memory.allocateDirect(RUNTIME, 8, true);
        fds.putInt(0, socket.fd());
        fds.putShort(4, (short) Native.POLLIN);
        return LIBC.poll(fds, 1, 0) == 0;
    }

    static boolean inPlace(ListeningSocket socket) {
        if (!socket.isUnix()) {
            return true;
        }
        try {
            return isTheOne(Stat.lstat(socket.path().toString()), socket);
        } catch (OsException e) {
            return false;
        }
    }

    /** Removes the socket's file if it is still the one the master created. */
    static void removeFile(ListeningSocket socket) {
        if (!socket.isUnix()) {
            return;
        }
        try (Dir parent = Dir.parentOf(socket.path())) {
            String name = socket.path().getFileName().toString();
            if (isTheOne(Stat.lstat(parent.path.resolve(name).toString()), socket)) {
                parent.unlink(name);
            }
        } catch (OsException e) {
            // gone already, or its directory is: nothing of ours to remove
        }
    }

    /** Whether {@code st} is the socket file the master created for {@code socket}. */
    private static boolean isTheOne(Stat st, ListeningSocket socket) {
        return st.isSocket() && st.dev() == socket.device() && st.ino() == socket.inode();
    }

    private static void bindAddress(int fd, Pointer addr, Object about) throws OsException {
        if (LIBC.bind(fd, addr, (int) addr.size()) < 0) {
            int err = Native.errno();
            String hint = err == 98 ? " (another process listens there: find it with ss -ltnp)" : "";
            throw new OsException(err, "cannot bind " + about + ": " + Native.strerror(err) + hint);
        }
    }

    private static void setOption(int fd, int level, int option, int value) throws OsException {
        Native.check(LIBC.setsockopt(fd, level, option, new IntByReference(value), 4), "setsockopt", option);
    }

    /**
     * A struct sockaddr_un for {@code address}: a path, or {@code @name} in the abstract namespace,
     * whose name is exactly the bytes after the '@' (its size says where it ends, no NUL does).
     */
    static Pointer unixAddress(String address) {
        boolean abstractName = address.startsWith("@");
        byte[] bytes = (abstractName ? "\0" + address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        Pointer p = Memory.allocateDirect(RUNTIME, 2 + bytes.length + (abstractName ? 0 : 1), true);
        p.putShort(0, (short) Native.AF_UNIX);
        p.put(2, bytes, 0, bytes.length);
        return p;
    }

    private static Pointer inetAddress(InetAddress ip, int port) {
        Pointer p = Memory.allocateDirect(RUNTIME, 16, true);
        p.putShort(0, (short) Native.AF_INET);
        p.putShort(2, Short.reverseBytes((short) port));
        p.put(4, ip.getAddress(), 0, 4);
        return p;
    }

    private static Pointer inet6Address(InetAddress ip, int port) {
        Pointer p = Memory.allocateDirect(RUNTIME, 28, true);
        p.putShort(0, (short) Native.AF_INET6);
        p.putShort(2, Short.reverseBytes((short) port));
        p.put(8, ip.getAddress(), 0, 16);
        return p;
    }

    private static InetAddress resolve(String host, String address) throws OsException {
        try {
            return host.isEmpty() ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new OsException(Native.ENOENT, "cannot resolve host '" + host + "' in " + address);
        }
    }

    private static int parsePort(String port, String address) throws OsException {
        try {
            int p = Integer.parseInt(port);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OsException(22, "'" + port + "' in " + address + " is not a port number (0-65535)");
    }
}
