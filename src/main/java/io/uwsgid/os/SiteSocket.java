package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.nio.file.Path;

/**
 * A unix socket in a directory a site's user owns (its uWSGI stats server), held as an O_PATH fd
 * so the master connects to exactly that inode through {@code /proc/self/fd/N}: a symlink the
 * user planted is refused, never followed, and so is a socket someone else owns (a hard link to
 * the control socket, say). The directory's parent must be root's.
 */
public final class SiteSocket implements AutoCloseable {
    static final int O_PATH = 010000000;
    private final int fd;

    private SiteSocket(int fd) {
        this.fd = fd;
    }

    /** Opens {@code socket}; it must be a socket owned by the owner of its directory. */
    public static SiteSocket open(Path socket) throws OsException {
        Path dir = socket.getParent();
        try (Dir parent = Dir.parentOf(dir); Dir d = parent.sub(dir.getFileName().toString())) {
            int owner = Stat.fstat(d.fd).uid();
            int fd = Native.check(LIBC.openat(d.fd, socket.getFileName().toString(), O_PATH | Native.O_NOFOLLOW | Native.O_CLOEXEC, 0),
                    "open", socket);
            Stat st = Stat.fstat(fd);
            if (!st.isSocket() || st.uid() != owner) {
                LIBC.close(fd);
                throw new OsException(1, socket + " is " + (st.isSocket() ? "owned by uid " + st.uid() + ", not " + owner
                        : st.isSymlink() ? "a symlink" : "not a socket") + "; not connecting to it");
            }
            return new SiteSocket(fd);
        }
    }

    /** The path that reaches exactly this socket, for connect(2), while this is open. */
    public String procPath() {
        return "/proc/self/fd/" + fd;
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
