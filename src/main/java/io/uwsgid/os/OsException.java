package io.uwsgid.os;

/** A failed system call, its errno kept and its message already in words. */
public final class OsException extends Exception {
    private final int errno;

    public OsException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
