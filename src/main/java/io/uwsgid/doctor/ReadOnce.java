package io.uwsgid.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What was made of a file, kept until the file changes (another inode, size or time, through
 * symlinks): every spawn's preflight reads the same few files (the linker's cache, a 200-KB
 * plugin), 100 sites 100 times.
 */
final class ReadOnce<T> {
    private record Made<T>(String stamp, T value) {}

    private final Map<Path, Made<T>> made = new ConcurrentHashMap<>();

    /** What {@code read} makes of {@code file}, from the last time if the file is unchanged since. */
    T get(Path file, Function<Path, T> read) {
        String stamp = stamp(file);
        Made<T> last = made.get(file);
        if (last != null && last.stamp().equals(stamp)) {
            return last.value();
        }
        T value = read.apply(file);
        made.put(file, new Made<>(stamp, value));
        return value;
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.fileKey() + " " + a.size() + " " + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "absent";
        }
    }
}
