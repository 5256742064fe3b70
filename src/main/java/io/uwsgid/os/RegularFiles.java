package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads files a site user may control (a venv's pyvenv.cfg, a plugin in a plugins dir) from the
 * daemon's event loop: opened without blocking, so a FIFO planted in their place cannot hang the
 * loop, and only if it is a regular file, up to a size limit.
 */
public final class RegularFiles {
    private RegularFiles() {}

    /** @return the first {@code max} bytes of {@code path} if it is a regular file that can be opened; else empty */
    public static Optional<byte[]> read(Path path, int max) {
        int fd = LIBC.openat(Native.AT_FDCWD, path.toString(), Native.O_RDONLY | Native.O_NONBLOCK | Native.O_CLOEXEC, 0);
        if (fd < 0) {
            return Optional.empty();
        }
        try {
            if (!Stat.fstat(fd).isFile()) {
                return Optional.empty();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            while (out.size() < max) {
                long n = LIBC.read(fd, buf, Math.min(buf.length, max - out.size()));
                if (n <= 0) {
                    break;
                }
                out.write(buf, 0, (int) n);
            }
            return Optional.of(out.toByteArray());
        } catch (OsException e) {
            return Optional.empty();
        } finally {
            LIBC.close(fd);
        }
    }
}
