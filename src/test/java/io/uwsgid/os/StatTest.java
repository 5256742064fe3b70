package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stat against the kernel: fstat of an fd and lstat of its path name the same inode, as the JDK sees it. */
class StatTest {
    @TempDir
    Path dir;

    private static int open(Path p, int flags) {
        int fd = LIBC.openat(Native.AT_FDCWD, p.toString(), flags | Native.O_CLOEXEC, 0);
        assertTrue(fd >= 0, "open " + p + ": errno " + Native.errno());
        return fd;
    }

    @Test
    void fstatAndLstatAgreeWithTheJdk() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(dir.resolve("link"), file);
        int fd = open(file, Native.O_RDONLY);
        int dfd = open(dir, Native.O_RDONLY | Native.O_DIRECTORY);
        try {
            for (int round = 0; round < 3; round++) { // the same path array serves every call
                Stat viaFd = Stat.fstat(fd);
                Stat viaPath = Stat.lstat(file.toString());
                assertEquals(viaPath, viaFd);
                assertEquals(((Number) Files.getAttribute(file, "unix:ino")).longValue(), viaFd.ino());
                assertEquals(((Number) Files.getAttribute(file, "unix:dev")).longValue(), viaFd.dev());
                assertEquals(0640, viaFd.mode() & 07777);
                assertTrue(viaFd.isFile());
                assertTrue(Stat.fstat(dfd).isDirectory());
                assertTrue(Stat.lstat(dir.resolve("link").toString()).isSymlink());
            }
        } finally {
            LIBC.close(fd);
            LIBC.close(dfd);
        }
        assertFalse(Stat.lstat(file.toString()).isDirectory());
        assertThrows(OsException.class, () -> Stat.fstat(fd)); // closed: EBADF, not a stale answer
    }
}
