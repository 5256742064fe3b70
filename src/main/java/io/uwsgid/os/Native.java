package io.uwsgid.os;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;

/** The loaded native libraries, and the Linux constants this daemon uses (x86_64 and aarch64 agree on all). */
final class Native {
    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    static final int O_RDONLY = 0, O_WRONLY = 01, O_RDWR = 02, O_CREAT = 0100, O_EXCL = 0200,
            O_TRUNC = 01000, O_APPEND = 02000, O_NONBLOCK = 04000, O_DIRECTORY = 0200000,
            O_NOFOLLOW = 0400000, O_CLOEXEC = 02000000;
    static final int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100, AT_REMOVEDIR = 0x200;
    static final int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10;
    static final int SOCK_STREAM = 1, SOCK_CLOEXEC = O_CLOEXEC, SOCK_NONBLOCK = O_NONBLOCK;
    static final int SOL_SOCKET = 1, SO_REUSEADDR = 2, IPPROTO_IPV6 = 41, IPV6_V6ONLY = 26;
    static final int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1, F_GETFL = 3, F_SETFL = 4;
    static final int SOCK_DGRAM = 2, SO_ACCEPTCONN = 30, SCM_RIGHTS = 1, MSG_NOSIGNAL = 0x4000, MFD_CLOEXEC = 1;
    static final int EINTR = 4, EAGAIN = 11, EEXIST = 17, ENOENT = 2, ECHILD = 10;
    static final int POLLIN = 1, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;
    static final int _SC_PAGESIZE = 30;

    private Native() {}

    static int errno() {
        return RUNTIME.getLastError();
    }

    static String strerror(int errno) {
        return LIBC.strerror(errno);
    }

    /** Throws OsException naming the call and what it was about when {@code rc} is negative. */
    static int check(int rc, String call, Object about) throws OsException {
        if (rc < 0) {
            int err = errno();
            throw new OsException(err, call + " " + about + ": " + strerror(err));
        }
        return rc;
    }
}
