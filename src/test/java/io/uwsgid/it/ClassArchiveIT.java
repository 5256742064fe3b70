package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/uwsgictl's class-data archive (packaging/jvm/java.sh): the first run writes it at its exit,
 * the next puts it in place, and later runs use it, however the jar's path is spelled. Until
 * 2026-12-07 the archive's key held the path as given, so two spellings of one jar (bin/../target
 * and target) each made an archive of their own and deleted the other's, at every other start.
 */
class ClassArchiveIT {
    private static final Path CTL = Path.of("bin/uwsgictl").toAbsolutePath();

    @TempDir
    Path dir;

    /** A uwsgictl that loads its classes for real and exits: status against a socket nobody listens on. */
    private String run(Path jar) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(CTL.toString(), "status", "--socket", dir.resolve("none.sock").toString())
                .redirectErrorStream(true);
        pb.environment().put("UWSGID_JAR", jar.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "uwsgictl did not exit");
        assertTrue(out.contains("none.sock"), "uwsgictl should name the socket it cannot reach: " + out);
        return out;
    }

    private List<String> cache() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("jar/cds"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void oneArchiveForTwoSpellingsOfTheJar() throws Exception {
        Files.createDirectories(dir.resolve("jar"));
        Path jar = Files.copy(Daemon.JAR, dir.resolve("jar/uwsgid.jar"));
        Path roundabout = dir.resolve("jar/../jar/uwsgid.jar");

        run(roundabout);
        List<String> first = cache();
        assertEquals(1, first.size(), "the first run writes one archive to try: " + first);
        assertTrue(first.get(0).matches("\\.uwsgictl-\\d+\\.new"), first.toString());

        run(jar);
        List<String> second = cache();
        assertEquals(1, second.size(), "the second run, the same jar named otherwise, puts that archive in place: " + second);
        assertTrue(second.get(0).matches("uwsgictl-\\d+\\.jsa"), second.toString());

        run(roundabout);
        assertEquals(second, cache(), "later runs use the archive in place and write none");
    }
}
