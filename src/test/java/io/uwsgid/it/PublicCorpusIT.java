package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Site files from public repositories (src/test/resources/corpus-public, origins in its README),
 * plus a few broken on purpose, each read by the installed uWSGI and by {@code uwsgictl check}
 * (as root, so with the checks as other users and uWSGI's own reading). Where uWSGI refuses the
 * file while reading it, check must report a refusal (an error marked {@code refused}) on a line
 * of the file, naming the same cause; where uWSGI reads it to the end, check must report no
 * refusal, and every error it reports about the file (a missing chdir, no uid: this machine is
 * not the site's) must name a line. One line per file goes to the test's output.
 */
class PublicCorpusIT {
    static final Path UWSGI = Path.of("/usr/bin/uwsgi");
    /** A clock no uWSGI has: set right after the configuration is printed, it makes uWSGI exit before it binds or loads an app. */
    static final String STOP_CLOCK = "uwsgid-corpus-stop";
    private static final Pattern DATED = Pattern.compile("^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} - ");

    @TempDir
    static Path work;
    static Path corpus;
    static final Map<String, JsonObject> checked = new LinkedHashMap<>();
    static final List<String> outcomes = new ArrayList<>();

    /** What uWSGI did with a file: read it to the end, or refused it, with the line that says why. */
    record Uwsgi(boolean refused, String cause, String output) {}

    @BeforeAll
    static void checkEveryFileOnce() throws Exception {
        assertTrue(Files.isExecutable(UWSGI), "uWSGI must be installed (apt-get install uwsgi-core uwsgi-plugin-python3)");
        corpus = Files.createDirectories(work.resolve("corpus-public"));
        Path source = Path.of(PublicCorpusIT.class.getResource("/corpus-public").toURI());
        for (Path f : iniFiles(source)) {
            Files.copy(f, corpus.resolve(f.getFileName().toString()));
        }
        Path daemon = Files.writeString(work.resolve("uwsgid.ini"), "[uwsgid]\nnginx-user = " + Scene.USER + "\n");
        List<String> args = new ArrayList<>(List.of("check", "--json", "--config", daemon.toString()));
        iniFiles(corpus).forEach(f -> args.add(f.toString()));
        Uwsgictl.Result r = Uwsgictl.offline(args.toArray(String[]::new));
        assertTrue(r.exit() == 0 || r.exit() == 1, r.toString());
        for (JsonElement e : JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("sites")) {
            JsonObject site = e.getAsJsonObject();
            checked.put(Path.of(site.get("file").getAsString()).getFileName().toString(), site);
        }
    }

    @AfterAll
    static void printOutcomes() throws IOException {
        String table = String.join("\n", outcomes) + "\n";
        System.out.println("PublicCorpusIT: " + outcomes.size() + " files\n" + table);
        Files.writeString(Path.of("target/public-corpus-outcomes.txt"), table);
    }

    @TestFactory
    Stream<DynamicTest> checkAgreesWithUwsgiOnEveryFile() throws IOException, URISyntaxException {
        List<Path> files = iniFiles(corpus);
        assertTrue(files.stream().filter(f -> !f.getFileName().toString().contains("-broken-")).count() >= 30,
                "the corpus needs at least 30 files from public projects");
        assertTrue(files.stream().filter(f -> f.getFileName().toString().contains("-broken-")).count() >= 3, "and a few broken on purpose");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> compare(f)));
    }

    private static void compare(Path file) throws Exception {
        String name = file.getFileName().toString();
        Uwsgi uwsgi = read(file);
        JsonObject site = checked.get(name);
        assertTrue(site != null, "check did not report on " + name);
        List<JsonObject> findings = new ArrayList<>();
        site.getAsJsonArray("findings").forEach(f -> findings.add(f.getAsJsonObject()));
        List<JsonObject> refusals = findings.stream().filter(f -> f.get("refused").getAsBoolean()).toList();
        long errors = findings.stream().filter(f -> f.get("severity").getAsString().equals("ERROR")).count();
        outcomes.add(String.format("%-58s uWSGI %-8s check: %2d errors, %d of them uWSGI's refusals%s", name, uwsgi.refused() ? "refuses" : "reads",
                errors, refusals.size(), uwsgi.refused() ? "  (uWSGI: " + uwsgi.cause() + ")" : ""));
        if (name.contains("-broken-")) {
            assertTrue(uwsgi.refused(), name + " is broken on purpose, yet uWSGI read it:\n" + uwsgi.output());
        }
        if (uwsgi.refused()) {
            String token = cause(uwsgi.cause());
            assertTrue(refusals.stream().anyMatch(f -> f.get("line").getAsInt() > 0 && f.get("message").getAsString().contains(token)),
                    "uWSGI refuses " + name + " (" + uwsgi.cause() + "), so check must report a refusal on a line naming '" + token + "'; it said:\n"
                            + String.join("\n", findings.stream().map(JsonObject::toString).toList()));
        } else {
            assertEquals(List.of(), refusals, "uWSGI reads " + name + " to the end, so check must not say uWSGI refuses it");
        }
        for (JsonObject f : findings) {
            boolean aboutTheFile = Path.of(f.get("file").getAsString()).getFileName().toString().equals(name);
            if (aboutTheFile && f.get("severity").getAsString().equals("ERROR")) {
                assertTrue(f.get("line").getAsInt() > 0, "an error about " + name + " must name its line: " + f);
            }
        }
    }

    /** The word both must name: the option, route, logger, plugin or included file uWSGI stopped at. */
    static String cause(String line) {
        for (Pattern p : List.of(Pattern.compile("unknown config directive: (\\S+)"), Pattern.compile("unable to register route \"(.*)\""),
                Pattern.compile("unable to find logger (\\S+)"), Pattern.compile("unable to load plugin \"(.*)\""),
                Pattern.compile("realpath\\(\\) of (\\S+) failed"), Pattern.compile("open\\(\"([^\"]+)\"\\)"))) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                String token = m.group(1);
                return token.contains("/") ? Path.of(token).getFileName().toString() : token;
            }
        }
        fail("no known cause in uWSGI's refusal line: " + line);
        return null;
    }

    /**
     * uWSGI reads the file from /, as uwsgid runs it, in this process's environment, as check
     * resolves it. A file whose own logger cannot open its file leaves uWSGI silent (the
     * configuration is printed to that logger): then an {@code exit:0} hook run as soon as the
     * options are read tells whether it got that far (exit 0) or refused them (exit 1, said on stderr).
     */
    static Uwsgi read(Path file) throws IOException, InterruptedException {
        Run clock = run(file, "--clock", STOP_CLOCK);
        List<String> lines = clock.out().lines().map(l -> DATED.matcher(l).replaceFirst("")).toList();
        boolean toTheEnd = lines.stream().anyMatch(l -> l.contains(";end of configuration") || l.contains("unable to set \"" + STOP_CLOCK + "\" clock"));
        String cause = lastWords(lines);
        if (!toTheEnd && cause.isEmpty()) {
            Run asap = run(file, "--hook-asap", "exit:0");
            return new Uwsgi(asap.exit() != 0, lastWords(asap.out().lines().toList()), clock.out() + asap.out());
        }
        return new Uwsgi(!toTheEnd, cause, clock.out());
    }

    private record Run(int exit, String out) {}

    private static Run run(Path file, String... stop) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(UWSGI.toString(), "--show-config"));
        cmd.addAll(List.of(stop));
        cmd.addAll(List.of("--ini", file.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("UWSGI_RELOADS", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("uWSGI did not finish reading " + file);
        }
        return new Run(p.exitValue(), out);
    }

    private static String lastWords(List<String> lines) {
        return lines.stream().filter(l -> !l.isBlank() && !l.startsWith("[uWSGI] getting")).reduce((a, b) -> b).orElse("");
    }

    static List<Path> iniFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".ini")).sorted().toList();
        }
    }
}
