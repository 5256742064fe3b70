package io.uwsgid.os;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Like sshd's StrictModes: a program root runs before dropping privileges, and every directory
 * above it, must be owned by root and writable by nobody else, or another user could replace it.
 */
public final class StrictModes {
    /** Why root must not rely on a path, and what to do about it; {@code errno} for the OsException. */
    public record Problem(int errno, String message, String fix) {
        @Override
        public String toString() {
            return message + "; fix: " + fix;
        }
    }

    private StrictModes() {}

    /** A directory root relies on (a chroot jail): root-owned and writable by nobody else, nor any directory above it. */
    public static void checkDirectory(Path dir) throws OsException {
        throwIf(directoryProblem(dir));
    }

    public static void check(Path program) throws OsException {
        throwIf(problem(program));
    }

    /** @return why root must not run {@code program}, or empty when it is safe to */
    public static Optional<Problem> problem(Path program) {
        return problem(program, "refusing to run " + program + " as root");
    }

    /** @return why root must not jail a site in {@code dir}, or empty when it is safe to */
    public static Optional<Problem> directoryProblem(Path dir) {
        return problem(dir, "refusing to jail a site in " + dir);
    }

    private static void throwIf(Optional<Problem> p) throws OsException {
        if (p.isPresent()) {
            throw new OsException(p.get().errno(), p.get().toString());
        }
    }

    private static Optional<Problem> problem(Path program, String refusal) {
        Path real;
        try {
            real = program.toRealPath();
        } catch (IOException e) {
            return Optional.of(new Problem(Native.ENOENT, program + " does not exist", "install it or set its path in uwsgid.ini"));
        }
        for (Path p = real; p != null; p = p.getParent()) {
            Stat st;
            try {
                st = Stat.lstat(p.toString());
            } catch (OsException e) {
                return Optional.of(new Problem(e.errno(), refusal + ": " + e.getMessage(), "check " + p + ": it changed while being checked"));
            }
            if (st.uid() != 0) {
                return Optional.of(new Problem(1, refusal + ": " + p + " is owned by uid " + st.uid(), "chown root " + p));
            }
            if ((st.mode() & 022) != 0 && !(st.isDirectory() && (st.mode() & 01000) != 0 && !p.equals(real))) {
                return Optional.of(new Problem(1, refusal + ": " + p + " is writable by " + ((st.mode() & 02) != 0 ? "others" : "its group")
                        + " (mode " + String.format("%04o", st.mode() & 07777) + ")", "chmod go-w " + p));
            }
        }
        return Optional.empty();
    }
}
