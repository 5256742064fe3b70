package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Files the master writes where a site user may also write: made privately and renamed into place, or opened without following links. */
public final class SafeFiles {
    private SafeFiles() {}

    /** Replaces {@code target} atomically with {@code content}, owned by {@code uid}:{@code gid} with {@code mode}. */
    public static void write(Path target, String content, int mode, int uid, int gid) throws OsException {
        try (Dir parent = Dir.parentOf(target); PrivateDir priv = PrivateDir.in(parent)) {
            int fd = LIBC.openat(priv.dir.fd, PrivateDir.ITEM,
                    Native.O_WRONLY | Native.O_CREAT | Native.O_EXCL | Native.O_NOFOLLOW | Native.O_CLOEXEC, mode);
            Native.check(fd, "create", target);
            try {
                byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
                if (LIBC.write(fd, bytes, bytes.length) != bytes.length) {
                    int err = Native.errno();
                    throw new OsException(err, "cannot write " + target + ": " + Native.strerror(err));
                }
                Native.check(LIBC.fchown(fd, uid, gid), "chown", target);
                Native.check(LIBC.fchmod(fd, mode), "chmod", target);
            } finally {
                LIBC.close(fd);
            }
            priv.publish(target.getFileName().toString());
        }
    }

    /**
     * Opens a log file for appending without following a link. A file with other hard links or
     * that is not a regular file is refused: a site user could have planted it. A file the master
     * creates is root-owned, mode 0640, readable by {@code gid}.
     */
    public static int openLog(Path target, int gid) throws OsException {
        try (Dir parent = Dir.parentOf(target)) {
            String name = target.getFileName().toString();
            int flags = Native.O_WRONLY | Native.O_APPEND | Native.O_NOFOLLOW | Native.O_CLOEXEC | Native.O_NONBLOCK;
            int fd = LIBC.openat(parent.fd, name, flags | Native.O_CREAT | Native.O_EXCL, 0640);
            boolean created = fd >= 0;
            if (!created) {
                fd = Native.check(LIBC.openat(parent.fd, name, flags, 0), "open log file", target);
            }
            Stat st = Stat.fstat(fd);
            if (!st.isFile() || st.nlink() != 1) {
                LIBC.close(fd);
                throw new OsException(1, "refusing to write log " + target + ": it is " + (st.isFile() ? "hard-linked elsewhere ("
                        + st.nlink() + " links)" : "not a regular file") + "; remove it and let uwsgid create it");
            }
            if (created) {
                LIBC.fchown(fd, 0, gid);
            }
            return fd;
        }
    }

    /** Removes a pid file if it still names {@code pid}; never follows a link. */
    public static void removePidFile(Path target, int pid) {
        try (Dir parent = Dir.parentOf(target)) {
            String name = target.getFileName().toString();
            int fd = LIBC.openat(parent.fd, name, Native.O_RDONLY | Native.O_NOFOLLOW | Native.O_CLOEXEC | Native.O_NONBLOCK, 0);
            if (fd < 0) {
                return;
            }
            byte[] buf = new byte[32];
            long n = LIBC.read(fd, buf, buf.length);
            LIBC.close(fd);
            if (n > 0 && new String(buf, 0, (int) n, StandardCharsets.US_ASCII).trim().equals(Integer.toString(pid))) {
                parent.unlink(name);
            }
        } catch (OsException e) {
            // its directory is gone: so is the file
        }
    }

    /** See {@link Kernel#makeSiteDir}: the parent is root's, so the name cannot be swapped; the directory is used through its fd. */
    public static void makeSiteDir(Path dir, int uid, int gid, java.util.Set<String> keep) throws OsException {
        try (Dir p = Dir.parentOf(dir)) {
            String name = dir.getFileName().toString();
            int rc = LIBC.mkdirat(p.fd, name, 0700);
            if (rc < 0 && Native.errno() != Native.EEXIST) {
                Native.check(rc, "mkdir", dir);
            }
            try (Dir d = p.sub(name)) {
                Native.check(LIBC.fchown(d.fd, uid, gid), "chown", dir);
                Native.check(LIBC.fchmod(d.fd, 0700), "chmod", dir);
                for (String entry : d.list()) {
                    if (!keep.contains(entry)) {
                        d.unlink(entry);
                    }
                }
            }
        }
    }

    /** Makes a root-owned directory (and its parents) with {@code mode}, or fixes the mode of one that exists. */
    public static void makeRootDir(Path dir, int mode, int gid) throws OsException {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null && !java.nio.file.Files.isDirectory(parent)) {
            makeRootDir(parent, 0755, 0);
        }
        try (Dir p = Dir.parentOf(dir)) {
            String name = dir.getFileName().toString();
            int rc = LIBC.mkdirat(p.fd, name, mode);
            if (rc < 0 && Native.errno() != Native.EEXIST) {
                Native.check(rc, "mkdir", dir);
            }
            try (Dir d = p.sub(name)) {
                Stat st = Stat.fstat(d.fd);
                if (st.uid() != 0) {
                    throw new OsException(1, dir + " is owned by uid " + st.uid() + ", not root; remove it and restart uwsgid");
                }
                Native.check(LIBC.fchown(d.fd, 0, gid), "chown", dir);
                Native.check(LIBC.fchmod(d.fd, mode), "chmod", dir);
            }
        }
    }
}
