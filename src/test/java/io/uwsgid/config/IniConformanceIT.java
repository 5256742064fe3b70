package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the parser with the installed uWSGI on every corpus file: same {@code --show-config}
 * text, or a ConfigException wherever uWSGI refuses the file.
 */
class IniConformanceIT {

    static final Map<String, String> ENV = Map.of(
            "PATH", "/usr/bin:/bin",
            "HOME", "/root",
            "LANG", "C",
            "FOO", "foo",
            "EMPTY", "",
            "REF", "$(FOO)",
            "APP_ENV", "production");

    @TempDir
    static Path work;

    @Test
    void uwsgiIsInstalled() {
        assertTrue(UwsgiRunner.installed(), "uWSGI 2.0.21 must be installed at " + UwsgiRunner.UWSGI
                + " for the conformance suite (Debian: apt-get install uwsgi-core uwsgi-plugin-python3)");
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFileResolvesLikeUwsgi() throws IOException, URISyntaxException {
        if (!UwsgiRunner.installed()) {
            fail("uWSGI is not installed at " + UwsgiRunner.UWSGI + "; the conformance suite cannot run without it"
                    + " (Debian: apt-get install uwsgi-core uwsgi-plugin-python3)");
        }
        Path corpus = copyCorpus("corpus");
        return corpusFiles(corpus).stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> compare(corpus, f)));
    }

    /** The same corpus through the real uwsgictl show-config, run from the built jar where uWSGI runs, with the same environment. */
    @TestFactory
    Stream<DynamicTest> uwsgictlShowConfigPrintsWhatUwsgiPrints() throws IOException, URISyntaxException {
        assertTrue(Files.exists(JAR), JAR + " is missing: run the integration tests with mvn verify (they need the packaged jar)");
        Path corpus = copyCorpus("corpus-uwsgictl");
        return corpusFiles(corpus).stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> compareUwsgictl(corpus, f)));
    }

    static final Path JAR = Path.of("target/uwsgid.jar").toAbsolutePath();

    private static void compareUwsgictl(Path corpus, Path file) throws Exception {
        String name = file.getFileName().toString();
        UwsgiRunner.Result uwsgi = UwsgiRunner.showConfig(corpus, name, ENV);
        ProcessBuilder pb = new ProcessBuilder("java", "@" + java.nio.file.Path.of("packaging/jvm/uwsgictl.options").toAbsolutePath(), "-cp", JAR.toString(),
                "io.uwsgid.ctl.Ctl", "show-config", name).directory(corpus.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(ENV);
        pb.environment().put("UWSGI_RELOADS", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "uwsgictl show-config " + name + " did not finish");
        if (uwsgi.config() == null) {
            assertEquals(1, p.exitValue(), "uWSGI refused " + name + " but uwsgictl show-config printed:\n" + out);
            return;
        }
        assertEquals(0, p.exitValue(), "uwsgictl show-config refused " + name + ", which uWSGI accepted");
        assertEquals(uwsgi.config(), out, "uwsgictl show-config differs from uWSGI for " + name);
    }

    private static List<Path> corpusFiles(Path corpus) throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(corpus)) {
            files = listing.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.ini")).sorted().toList();
        }
        assertTrue(files.size() >= 45, "corpus has only " + files.size() + " files");
        return files;
    }

    private static Path copyCorpus(String name) throws IOException, URISyntaxException {
        Path source = Path.of(IniConformanceIT.class.getResource("/conformance").toURI());
        Path target = work.resolve(name);
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // Resources cannot carry symlinks, yet uWSGI names a symlinked file after the link: make one.
        Files.createSymbolicLink(target.resolve("70-symlinked-site-keeps-link-name.ini"),
                Path.of("inc/symlink-target.ini"));
        return target;
    }

    static ParseContext context(Path cwd) {
        return ParseContext.defaults().withEnv(ENV).withCwd(cwd)
                .withHost(HostFacts.detect().withReload(true));
    }

    private static void compare(Path corpus, Path file) throws Exception {
        String name = file.getFileName().toString();
        UwsgiRunner.Result uwsgi = UwsgiRunner.showConfig(corpus, name, ENV);
        String ours;
        try {
            ours = IniParser.showConfig(IniParser.parse(Path.of(name), "uwsgi", context(corpus)));
        } catch (ConfigException e) {
            assertEquals(null, uwsgi.config(), "parser rejected " + name + " (" + e.getMessage()
                    + ") but uWSGI accepted it");
            assertTrue(e.getMessage().startsWith(e.file() + ":" + e.line() + ": ") && e.line() > 0,
                    "error must name file and line: " + e.getMessage());
            assertTrue(e.getMessage().contains("; fix: "), "error must say how to fix: " + e.getMessage());
            return;
        }
        if (uwsgi.config() == null) {
            fail("uWSGI rejected " + name + " but the parser accepted it; uWSGI said:\n" + tail(uwsgi.output()));
        }
        assertEquals(uwsgi.config(), ours, "show-config differs for " + name);
    }

    private static String tail(String output) {
        return output.length() > 2000 ? output.substring(output.length() - 2000) : output;
    }
}
