package io.uwsgid.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

/** How a path that refuses someone looks to root: its mode and owner, and whether it is a home directory. */
final class FileFacts {
    private FileFacts() {}

    /** {@code mode 0700, owner root}. */
    static String describe(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
            return String.format("mode %04o, owner %s", mode & 07777, a.owner().getName());
        } catch (IOException | RuntimeException e) {
            return "not readable by root either: " + e.getMessage();
        }
    }

    /** /root, /home and below, and the home of every person's account (uid 1000 and up) in /etc/passwd: private by habit. */
    static boolean isHomeDirectory(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (abs.startsWith("/root") || abs.startsWith("/home")) {
            return true;
        }
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/passwd"));
            for (String l : lines) {
                String[] f = l.split(":");
                if (f.length >= 6 && f[2].matches("\\d+") && Long.parseLong(f[2]) >= 1000 && Long.parseLong(f[2]) < 65534
                        && f[5].startsWith("/") && f[5].length() > 1 && abs.startsWith(f[5])) {
                    return true;
                }
            }
        } catch (IOException e) {
            // no passwd to consult: only the usual places count
        }
        return false;
    }
}
