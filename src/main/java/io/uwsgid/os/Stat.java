package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static io.uwsgid.os.Native.RUNTIME;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * What the daemon reads of an inode, through statx(2), whose struct has one layout on every Linux
 * architecture (struct stat has several). {@code mode} includes the file type bits; {@code dev}
 * is encoded as stat(2)'s st_dev is, so it compares with one recorded by an earlier uwsgid.
 */
record Stat(int mode, int uid, int nlink, long dev, long ino) {
    private static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFDIR = 0040000, S_IFLNK = 0120000, S_IFSOCK = 0140000;
    private static final int AT_EMPTY_PATH = 0x1000;
    /** fstat's path, "" as C wants it, made once: a String would be encoded at every call (500 sites: every scrape). */
    private static final byte[] EMPTY_PATH = {0};
    /** STATX_TYPE, STATX_MODE, STATX_NLINK, STATX_UID, STATX_INO; the device is always filled in. */
    private static final int MASK = 0x1 | 0x2 | 0x4 | 0x8 | 0x100;
    /** sizeof(struct statx), and the offsets of the fields read (linux/stat.h). */
    private static final int SIZE = 256, NLINK = 16, UID = 20, MODE = 28, INO = 32, DEV_MAJOR = 136, DEV_MINOR = 140;
    /** Each thread's struct statx, kept: the loop checks every site's socket files every 10 s. */
    private static final ThreadLocal<Pointer> BUF = ThreadLocal.withInitial(() -> Memory.allocateDirect(RUNTIME, SIZE));

    /** The file open as {@code fd} (an O_PATH descriptor too), like fstat(2). */
    static Stat fstat(int fd) throws OsException {
        Pointer buf = BUF.get();
        Native.check(LIBC.statx(fd, EMPTY_PATH, AT_EMPTY_PATH, MASK, buf), "fstat", fd);
        return of(buf);
    }

    /** {@code path} itself, a symlink not followed, like lstat(2). */
    static Stat lstat(String path) throws OsException {
        return statx(Native.AT_FDCWD, path, Native.AT_SYMLINK_NOFOLLOW, "lstat", path);
    }

    private static Stat statx(int dirfd, String path, int flags, String call, Object about) throws OsException {
        Pointer buf = BUF.get();
        Native.check(LIBC.statx(dirfd, path, flags, MASK, buf), call, about);
        return of(buf);
    }

    private static Stat of(Pointer buf) {
        return new Stat(buf.getShort(MODE) & 0xffff, buf.getInt(UID), buf.getInt(NLINK),
                device(buf.getInt(DEV_MAJOR), buf.getInt(DEV_MINOR)), buf.getLong(INO));
    }

    /** glibc's makedev(3). */
    private static long device(int major, int minor) {
        long ma = Integer.toUnsignedLong(major), mi = Integer.toUnsignedLong(minor);
        return (ma & 0xfff) << 8 | (ma & 0xfffff000L) << 32 | mi & 0xff | (mi & 0xffffff00L) << 12;
    }

    boolean isFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    boolean isSymlink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    boolean isSocket() {
        return (mode & S_IFMT) == S_IFSOCK;
    }
}
