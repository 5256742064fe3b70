package io.uwsgid.doctor;

import io.uwsgid.os.Setpriv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks the kernel, as another user, what that user may do with paths: a {@code sh} running
 * {@code test -r/-w/-x} behind the same setpriv chain the daemon spawns uWSGI through, so the
 * answer includes groups, ACLs and everything else access(2) weighs. Never decided in the root
 * JVM: root may do anything. Paths travel as arguments, never inside the script.
 */
final class Probe {
    /** One question: may the user {@code need} ({@code x} enter, {@code r} read, {@code rx} list) this path? */
    record Query(Path path, String need) {}

    /** The answer for a path: OK, or the first component that is missing or refuses, and which permission it refuses. */
    record Answer(Path at, char refused) {
        static final char OK = 'y', MISSING = 'm';

        boolean ok() {
            return refused == OK;
        }
    }

    /** Each argument is NEED:PATH; each answer line is y (allowed), m (missing, as this user sees it) or the refused permission. */
    private static final String SCRIPT = """
            for a do
              need=${a%%:*}; p=${a#*:}
              if [ ! -e "$p" ]; then echo m; continue; fi
              case $need in *r*) [ -r "$p" ] || { echo r; continue; };; esac
              case $need in *w*) [ -w "$p" ] || { echo w; continue; };; esac
              case $need in *x*) [ -x "$p" ] || { echo x; continue; };; esac
              echo y
            done
            """;

    private final Path setpriv;

    Probe(Path setpriv) {
        this.setpriv = setpriv;
    }

    /** Every component above each path must be enterable, the path itself allow its need. One process for all of them. */
    Map<Query, Answer> ask(Who who, List<Query> queries) throws IOException {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (Query q : queries) {
            List<Path> chain = chain(q.path());
            for (int i = 0; i < chain.size(); i++) {
                index.putIfAbsent((i == chain.size() - 1 ? q.need() : "x") + ":" + chain.get(i), index.size());
            }
        }
        List<String> answers = run(who, new ArrayList<>(index.keySet()));
        Map<Query, Answer> out = new LinkedHashMap<>();
        for (Query q : queries) {
            out.put(q, answer(q, index, answers));
        }
        return out;
    }

    private static Answer answer(Query q, Map<String, Integer> index, List<String> answers) {
        List<Path> chain = chain(q.path());
        for (int i = 0; i < chain.size(); i++) {
            String line = answers.get(index.get((i == chain.size() - 1 ? q.need() : "x") + ":" + chain.get(i)));
            if (!line.equals("y")) {
                return new Answer(chain.get(i), line.isEmpty() ? Answer.MISSING : line.charAt(0));
            }
        }
        return new Answer(q.path(), Answer.OK);
    }

    /** /, /a, /a/b, ... the path itself. */
    static List<Path> chain(Path path) {
        List<Path> out = new ArrayList<>();
        Path abs = path.toAbsolutePath().normalize();
        for (Path p = abs; p != null; p = p.getParent()) {
            out.add(0, p);
        }
        return out;
    }

    private List<String> run(Who who, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(Setpriv.args(who.uid(), who.gid(), who.groups()));
        cmd.set(0, setpriv.toString());
        cmd.addAll(List.of("/bin/sh", "-c", SCRIPT, "uwsgid-probe"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).directory(Path.of("/").toFile());
        pb.environment().clear();
        Setpriv.ENV.forEach(kv -> pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("the access probe as " + who + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        List<String> lines = out.lines().toList();
        if (p.exitValue() != 0 || lines.size() != args.size()) {
            throw new IOException("the access probe as " + who + " failed (exit " + p.exitValue() + ", " + lines.size() + " of "
                    + args.size() + " answers)");
        }
        return lines;
    }
}
