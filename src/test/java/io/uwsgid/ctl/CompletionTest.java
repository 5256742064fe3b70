package io.uwsgid.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The bash completion the packages install (packaging/bash-completion/uwsgictl), sourced into a
 * real bash with COMP_WORDS and COMP_CWORD set as bash sets them, and its COMPREPLY read back.
 */
class CompletionTest {
    static final Path SCRIPT = Path.of("packaging/bash-completion/uwsgictl").toAbsolutePath();

    @TempDir
    Path dir;

    /** COMPREPLY for the words typed so far (the last one is the word being completed), sorted. */
    static List<String> complete(Map<String, String> env, String... words) throws Exception {
        StringBuilder script = new StringBuilder(". \"$1\"; COMP_WORDS=(");
        for (String w : words) {
            script.append(" '").append(w.replace("'", "'\\''")).append('\'');
        }
        script.append(" ); COMP_CWORD=").append(words.length - 1)
                .append("; COMPREPLY=(); _uwsgictl; complete -p uwsgictl >/dev/null || exit 3; printf '%s\\n' \"${COMPREPLY[@]}\"");
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "--norc", "--noprofile", "-c", script.toString(), "bash", SCRIPT.toString());
        pb.environment().remove("UWSGID_CONFIG");
        pb.environment().putAll(env);
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> reply = new ArrayList<>(out.lines().filter(l -> !l.isEmpty()).toList());
        reply.sort(null);
        return reply;
    }

    static List<String> complete(String... words) throws Exception {
        return complete(Map.of(), words);
    }

    private Path sites(String... names) throws Exception {
        Path sites = Files.createDirectories(dir.resolve("sites"));
        for (String n : names) {
            Files.writeString(sites.resolve(n), "[uwsgi]\n");
        }
        return sites;
    }

    @Nested
    class Commands {
        @Test
        void aPrefixCompletesToTheCommandsThatStartWithIt() throws Exception {
            assertEquals(List.of("reload", "reopen-logs", "rescan", "restart"), complete("uwsgictl", "re"));
            assertEquals(List.of("show-config", "start", "status", "stop"), complete("uwsgictl", "s"));
        }

        @Test
        void anEmptyWordOffersEveryCommandUwsgictlHas() throws Exception {
            CommandLine cl = Ctl.commandLine(new String[0]);
            assertEquals(new ArrayList<>(new TreeSet<>(cl.getSubcommands().keySet())), complete("uwsgictl", ""));
        }

        @Test
        void everyCommandOffersExactlyTheOptionsUwsgictlDefinesForIt() throws Exception {
            CommandLine cl = Ctl.commandLine(new String[0]);
            for (Map.Entry<String, CommandLine> e : cl.getSubcommands().entrySet()) {
                assertEquals(optionNames(e.getValue().getCommandSpec()), complete("uwsgictl", e.getKey(), "-"), e.getKey());
            }
            assertEquals(optionNames(cl.getCommandSpec()), complete("uwsgictl", "-"));
        }

        private List<String> optionNames(CommandSpec spec) {
            TreeSet<String> names = new TreeSet<>();
            for (OptionSpec o : spec.options()) {
                names.addAll(Arrays.asList(o.names()));
            }
            return new ArrayList<>(names);
        }

        @Test
        void helpCompletesCommandNames() throws Exception {
            assertEquals(List.of("nginx-conf"), complete("uwsgictl", "help", "ng"));
        }
    }

    @Nested
    class SiteNames {
        @Test
        void comeFromTheSitesDirOfUwsgidIniNamedByUwsgidConfig() throws Exception {
            Path sites = sites("shop.ini", "shipping.ini", "blog.ini", "notes.txt", "myproject.ini.example");
            Path ini = Files.writeString(dir.resolve("uwsgid.ini"), String.join("\n",
                    "[uwsgi]", "sites-dir = /elsewhere", "[uwsgid]", "; the sites", "  sites-dir  =  " + sites + "  ", ""));
            Map<String, String> env = Map.of("UWSGID_CONFIG", ini.toString());
            assertEquals(List.of("shipping", "shop"), complete(env, "uwsgictl", "reload", "sh"));
            assertEquals(List.of("blog", "shipping", "shop"), complete(env, "uwsgictl", "stop", "blog", ""));
            assertEquals(List.of("blog"), complete(env, "uwsgictl", "status", "--json", "b"));
        }

        @Test
        void aSectionLineWithACommentIsNotTheUwsgidSection() throws Exception {
            Path sites = sites("shop.ini");
            Path ini = Files.writeString(dir.resolve("uwsgid.ini"), "[uwsgid] ; not a section line for uWSGI\nsites-dir = " + sites + "\n");
            assertEquals(List.of(), complete(Map.of("UWSGID_CONFIG", ini.toString()), "uwsgictl", "start", "sh"));
        }

        @Test
        void comeFromSitesDirOrConfigTypedOnTheLine() throws Exception {
            Path sites = sites("shop.ini", "blog.ini");
            assertEquals(List.of("shop"), complete("uwsgictl", "check", "--sites-dir", sites.toString(), "sh"));
            Path ini = Files.writeString(dir.resolve("other.ini"), "[uwsgid]\nsites-dir = " + sites + "\n");
            assertEquals(List.of("blog"), complete("uwsgictl", "nginx-conf", "--config", ini.toString(), "b"));
        }

        @Test
        void logsCompletesASiteAfterItsOptionsAndNothingForItsLineCount() throws Exception {
            Path sites = sites("shop.ini", "blog.ini");
            Path ini = Files.writeString(dir.resolve("uwsgid.ini"), "[uwsgid]\nsites-dir = " + sites + "\n");
            Map<String, String> env = Map.of("UWSGID_CONFIG", ini.toString());
            assertEquals(List.of("shop"), complete(env, "uwsgictl", "logs", "-f", "-n", "20", "s"));
            assertEquals(List.of(), complete(env, "uwsgictl", "logs", "--lines", ""));
        }

        @Test
        void areNotOfferedToCommandsWithoutSites() throws Exception {
            Path sites = sites("shop.ini");
            assertEquals(List.of(), complete("uwsgictl", "rescan", "--sites-dir", sites.toString(), ""));
        }

        @Test
        void aPathCompletesAsAFileForCommandsThatReadFiles() throws Exception {
            Path sites = sites("shop.ini");
            assertEquals(List.of(sites.resolve("shop.ini").toString()), complete("uwsgictl", "show-config", sites + "/sh"));
        }
    }
}
