package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file is read once while it stays the same, and again once it changes or is replaced. */
class ReadOnceTest {
    @Test
    void readOnceAndAgainAfterAChangeOrAReplacement(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ld.so.cache");
        Files.writeString(file, "one");
        AtomicInteger reads = new AtomicInteger();
        ReadOnce<String> once = new ReadOnce<>();
        Function<Path, String> read = f -> {
            reads.incrementAndGet();
            try {
                return Files.readString(f);
            } catch (IOException e) {
                return "absent";
            }
        };
        assertEquals("one", once.get(file, read));
        assertEquals("one", once.get(file, read));
        assertEquals(1, reads.get());
        Files.writeString(file, "three");
        assertEquals("three", once.get(file, read), "changed in place");
        Path next = dir.resolve("new");
        Files.writeString(next, "fiver");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("fiver", once.get(file, read), "replaced by rename, as ldconfig does (another inode)");
        Files.delete(file);
        assertEquals("absent", once.get(file, read));
        assertEquals(4, reads.get());
    }
}
