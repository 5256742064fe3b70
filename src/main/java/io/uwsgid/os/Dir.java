package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An open directory. Everything the master creates in a directory that a site user may write
 * goes through one of these, by name relative to the fd: a path component cannot be swapped for a
 * symlink between the check and the use, and the final name is never followed.
 */
final class Dir implements AutoCloseable {
    final Path path;
    final int fd;

    private Dir(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Opens the directory that holds {@code file}, resolving symlinks above it (they are root's) but not its last component. */
    static Dir parentOf(Path file) throws OsException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new OsException(Native.ENOENT, file + " has no parent directory");
        }
        return open(parent);
    }

    static Dir open(Path dir) throws OsException {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw new OsException(Native.ENOENT, "directory " + dir + " does not exist or cannot be entered: " + e.getMessage());
        }
        int fd = LIBC.openat(Native.AT_FDCWD, real.toString(), Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW | Native.O_CLOEXEC, 0);
        Native.check(fd, "open directory", real);
        return new Dir(real, fd);
    }

    /** Opens {@code name} inside this directory as a directory, never following a link. */
    Dir sub(String name) throws OsException {
        int sub = LIBC.openat(fd, name, Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW | Native.O_CLOEXEC, 0);
        Native.check(sub, "open directory", path.resolve(name));
        return new Dir(path.resolve(name), sub);
    }

    /** The path that reaches exactly this directory, whatever happens to its name meanwhile. */
    String procPath() {
        return "/proc/self/fd/" + fd;
    }

    void rename(String from, Dir to, String name) throws OsException {
        Native.check(LIBC.renameat(fd, from, to.fd, name), "rename", path.resolve(from) + " to " + to.path.resolve(name));
    }

    void chmod(String name, int mode) throws OsException {
        Native.check(LIBC.fchmodat(fd, name, mode, 0), "chmod", path.resolve(name));
    }

    void chown(String name, int uid, int gid) throws OsException {
        Native.check(LIBC.fchownat(fd, name, uid, gid, Native.AT_SYMLINK_NOFOLLOW), "chown", path.resolve(name));
    }

    /** The names in this directory (read through its fd, so the ones of exactly this directory). */
    java.util.List<String> list() throws OsException {
        try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(Path.of(procPath()))) {
            return s.map(p -> p.getFileName().toString()).toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new OsException(Native.ENOENT, "cannot list " + path + ": " + e.getMessage());
        }
    }

    boolean unlink(String name) {
        return LIBC.unlinkat(fd, name, 0) == 0;
    }

    void rmdir(String name) {
        LIBC.unlinkat(fd, name, Native.AT_REMOVEDIR);
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
