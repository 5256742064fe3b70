package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutates valid site files (random bytes, truncation, huge lines, includes, expansion syntax)
 * and checks that the parser only ever fails with a ConfigException that names the file, the
 * line when there is one, and a fix, and that the whole run stays within a time bound.
 */
class IniParserFuzzTest {

    private static final long SEED = 0x5EED_2021L;
    private static final int ROUNDS = 3000;
    private static final String[] FRAGMENTS = {"%", "%(", "$(", "@(", ")", "=", "[uwsgi]", "\n", "\r\n", "\0",
            "ini = site.ini", "ini = :other", "if-env = FOO\n", "endif\n", "for = a b\n", "for-times = 3\n",
            "set-ph = x=%(x)y\n", "x = %(x)%(x)\n", "inherit = site.ini\n", "include = inc/child.ini\n",
            "[other]\n", "\ufeff", "%(_)", "@(inc/hello.txt)", "declare-option = o=o=$1\no = 1\n"};

    @TempDir
    Path dir;

    @Test
    void mutatedFilesOnlyEverFailWithConfigException() throws Exception {
        List<byte[]> seeds = seeds();
        copyIncludes();
        Random random = new Random(SEED);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int round = 0; round < ROUNDS; round++) {
                byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
                Files.write(dir.resolve("site.ini"), input);
                outcomes[parseOnce("site.ini") ? 0 : 1]++;
            }
        });
        assertTrue(outcomes[0] > ROUNDS / 10, "too few mutations parsed cleanly: " + outcomes[0]);
        assertTrue(outcomes[1] > 0, "no mutation was rejected, the mutator is too weak");
    }

    @Test
    void deepIncludeChainsAndCyclesStopQuickly() throws Exception {
        for (int i = 0; i < 300; i++) {
            Files.writeString(dir.resolve("chain" + i + ".ini"), "[uwsgi]\nn = " + i + "\nini = chain" + (i + 1) + ".ini\n");
        }
        Files.writeString(dir.resolve("self.ini"), "[uwsgi]\nini = self.ini\n");
        Files.writeString(dir.resolve("ping.ini"), "[uwsgi]\nini = pong.ini:x\n[x]\nini = ping.ini\n");
        Files.writeString(dir.resolve("pong.ini"), "[x]\nini = ping.ini:x\n");
        assertTrue(parseOnce("pong.ini"), "pong.ini has no [uwsgi] section, so it includes nothing");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (String name : List.of("chain0.ini", "self.ini", "ping.ini")) {
                assertFalse(parseOnce(name), name + " should be rejected");
            }
        });
    }

    @Test
    void hugeLinesAndFilesAreRejectedNotSwallowed() throws Exception {
        Files.writeString(dir.resolve("long.ini"), "[uwsgi]\nk = " + "v".repeat(200_000) + "\n");
        Files.write(dir.resolve("big.ini"), new byte[5 << 20]);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            assertFalse(parseOnce("long.ini"));
            assertFalse(parseOnce("big.ini"));
        });
    }

    /** @return true when parsed, false when rejected properly; anything else fails the test */
    private boolean parseOnce(String name) {
        ParseContext ctx = new Sites(dir).ctx;
        try {
            assertNotNull(IniParser.parse(Path.of(name), "uwsgi", ctx));
            return true;
        } catch (ConfigException e) {
            assertNotNull(e.file(), e.getMessage());
            String where = e.line() > 0 ? e.file() + ":" + e.line() + ": " : e.file() + ": ";
            assertTrue(e.getMessage().startsWith(where), e.getMessage());
            assertTrue(e.getMessage().contains("; fix: ") && !e.fix().isBlank(), e.getMessage());
            assertFalse(e.getMessage().contains("cannot resolve the file: java."), "internal error: " + e.getMessage());
            return false;
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        List<Byte> bytes = new ArrayList<>();
        for (byte b : seed) {
            bytes.add(b);
        }
        int edits = 1 + random.nextInt(6);
        for (int i = 0; i < edits; i++) {
            int at = bytes.isEmpty() ? 0 : random.nextInt(bytes.size() + 1);
            switch (random.nextInt(6)) {
                case 0 -> bytes.add(at, (byte) random.nextInt(256));
                case 1 -> {
                    if (!bytes.isEmpty() && at < bytes.size()) {
                        bytes.set(at, (byte) random.nextInt(256));
                    }
                }
                case 2 -> bytes.subList(at, Math.min(bytes.size(), at + random.nextInt(40))).clear();
                case 3 -> bytes.subList(Math.min(at, bytes.size()), bytes.size()).clear();
                case 4 -> insert(bytes, at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
                default -> insert(bytes, at, random.nextInt(20) == 0 ? "x".repeat(70_000) : "%p%d$(HOME)@(");
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    private static void insert(List<Byte> bytes, int at, String text) {
        List<Byte> add = new ArrayList<>();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            add.add(b);
        }
        bytes.addAll(Math.min(at, bytes.size()), add);
    }

    private static List<byte[]> seeds() throws IOException, URISyntaxException {
        Path corpus = Path.of(IniParserFuzzTest.class.getResource("/conformance").toURI());
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".ini")).sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
        }
        return out;
    }

    private void copyIncludes() throws IOException, URISyntaxException {
        Path inc = Path.of(IniParserFuzzTest.class.getResource("/conformance/inc").toURI());
        Files.createDirectories(dir.resolve("inc"));
        try (Stream<Path> files = Files.list(inc)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                Files.copy(p, dir.resolve("inc").resolve(p.getFileName().toString()));
            }
        }
    }
}
