package io.uwsgid.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Bounded, never-blocking reads of files named by a config. */
final class FileAccess {

    private FileAccess() {
    }

    /** Turns a raw (byte) path from a config into a path, relative ones against uWSGI's cwd. */
    static Path resolve(String raw, Path cwd) {
        if (raw.isEmpty() || raw.indexOf('\0') >= 0) {
            return null;
        }
        try {
            return cwd.resolve(Bytes.toText(raw));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /**
     * Reads a whole regular file as raw bytes. FIFOs and devices are refused because reading them
     * could block forever.
     */
    static String read(Path file, int maxSize, Path origin, int line, String what) throws ConfigException {
        if (file == null || !Files.exists(file)) {
            throw new ConfigException(origin, line, what + " " + file + " does not exist",
                    "create it or correct the path (relative paths resolve against uWSGI's working directory)");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(origin, line, what + " " + file + " is not a regular file",
                    "point it at a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxSize + 1);
            if (bytes.length > maxSize) {
                throw new ConfigException(origin, line, what + " " + file + " is larger than " + maxSize + " bytes",
                        "shrink the file or raise Limits.maxFileSize");
            }
            return Bytes.raw(bytes);
        } catch (IOException | SecurityException e) {
            throw new ConfigException(origin, line, "cannot read " + what + " " + file + ": " + e.getMessage(),
                    "make it readable by the user running uwsgid");
        }
    }

    static boolean exists(String raw, Path cwd) {
        Path p = resolve(raw, cwd);
        return p != null && Files.isReadable(p);
    }

    static boolean isFile(String raw, Path cwd) {
        Path p = resolve(raw, cwd);
        return p != null && Files.isRegularFile(p);
    }

    static boolean isDir(String raw, Path cwd) {
        Path p = resolve(raw, cwd);
        return p != null && Files.isDirectory(p);
    }
}
