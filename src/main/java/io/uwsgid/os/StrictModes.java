package io.uwsgid.os;

import java.io.IOException;
import java.nio.file.Path;
import jnr.posix.FileStat;

/**
 * Like sshd's StrictModes: a program root runs before dropping privileges, and every directory
 * above it, must be owned by root and writable by nobody else, or another user could replace it.
 */
public final class StrictModes {
    private StrictModes() {}

    /** A directory root relies on (a chroot jail): root-owned and writable by nobody else, nor any directory above it. */
    public static void checkDirectory(Path dir) throws OsException {
        check(dir, "refusing to jail a site in " + dir);
    }

    public static void check(Path program) throws OsException {
        check(program, "refusing to run " + program + " as root");
    }

    private static void check(Path program, String refusal) throws OsException {
        Path real;
        try {
            real = program.toRealPath();
        } catch (IOException e) {
            throw new OsException(Native.ENOENT, program + " does not exist; install it or set its path in uwsgid.ini");
        }
        for (Path p = real; p != null; p = p.getParent()) {
            FileStat st = Native.POSIX.lstat(p.toString());
            if (st.uid() != 0) {
                throw new OsException(1, refusal + ": " + p + " is owned by uid " + st.uid()
                        + "; fix: chown root " + p);
            }
            if ((st.mode() & 022) != 0 && !(st.isDirectory() && (st.mode() & 01000) != 0 && !p.equals(real))) {
                throw new OsException(1, refusal + ": " + p + " is writable by "
                        + ((st.mode() & 02) != 0 ? "others" : "its group") + " (mode " + String.format("%04o", st.mode() & 07777)
                        + "); fix: chmod go-w " + p);
            }
        }
    }
}
