package io.uwsgid.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of an nginx config to find, for a site's socket, the server blocks that
 * {@code uwsgi_pass} to it (directly or through an {@code upstream}) and the directories they
 * serve static files from ({@code root}, {@code alias}). Includes are not followed: name every file.
 */
final class NginxConf {
    /** A place nginx serves files from, and where the config says so. */
    record Static(Path path, String directive, String location, Path file, int line) {}

    /** A server block: the unix sockets it passes to and the static places it serves. */
    record Server(Path file, int line, List<Path> sockets, List<Static> statics) {}

    private record Directive(String name, List<String> args, int line, List<Directive> block) {}

    private NginxConf() {}

    static List<Server> servers(Path file) throws IOException {
        List<Directive> top = new Parser(Files.readString(file)).block();
        Map<String, List<Path>> upstreams = new HashMap<>();
        walk(top, d -> {
            if (d.name().equals("upstream") && d.block() != null && !d.args().isEmpty()) {
                List<Path> socks = new ArrayList<>();
                d.block().stream().filter(s -> s.name().equals("server") && !s.args().isEmpty()).forEach(s -> unix(s.args().get(0), socks));
                upstreams.put(d.args().get(0), socks);
            }
        });
        List<Server> out = new ArrayList<>();
        walk(top, d -> {
            if (d.name().equals("server") && d.block() != null) {
                Server s = new Server(file, d.line(), new ArrayList<>(), new ArrayList<>());
                collect(d.block(), "/", s, upstreams);
                out.add(s);
            }
        });
        return out;
    }

    private static void collect(List<Directive> block, String location, Server s, Map<String, List<Path>> upstreams) {
        for (Directive d : block) {
            if (d.name().equals("uwsgi_pass") && !d.args().isEmpty()) {
                String target = d.args().get(0);
                s.sockets().addAll(upstreams.getOrDefault(target, List.of()));
                unix(target, s.sockets());
            } else if ((d.name().equals("root") || d.name().equals("alias")) && !d.args().isEmpty() && d.args().get(0).startsWith("/")) {
                s.statics().add(new Static(Path.of(d.args().get(0)), d.name(), location, s.file(), d.line()));
            } else if (d.name().equals("location") && d.block() != null) {
                collect(d.block(), String.join(" ", d.args()), s, upstreams);
            }
        }
    }

    /** {@code unix:/run/x.sock} and the seed's {@code unix:///var/run/nginx/x.sock} name the same socket. */
    private static void unix(String target, List<Path> into) {
        if (target.startsWith("unix:")) {
            into.add(Path.of("/" + target.substring(5).replaceAll("^/+", "")).normalize());
        }
    }

    private static void walk(List<Directive> block, java.util.function.Consumer<Directive> visit) {
        for (Directive d : block) {
            visit.accept(d);
            if (d.block() != null) {
                walk(d.block(), visit);
            }
        }
    }

    /** nginx's syntax: words, quoted strings, # comments, and ; { } ending directives. */
    private static final class Parser {
        private final String text;
        private int at, line = 1;

        Parser(String text) {
            this.text = text;
        }

        List<Directive> block() {
            List<Directive> out = new ArrayList<>();
            List<String> words = new ArrayList<>();
            int startLine = line;
            for (String t; (t = token()) != null; ) {
                switch (t) {
                    case ";" -> {
                        if (!words.isEmpty()) {
                            out.add(new Directive(words.get(0), List.copyOf(words.subList(1, words.size())), startLine, null));
                        }
                        words.clear();
                    }
                    case "{" -> {
                        int l = startLine;
                        List<Directive> inner = block();
                        if (!words.isEmpty()) {
                            out.add(new Directive(words.get(0), List.copyOf(words.subList(1, words.size())), l, inner));
                        }
                        words.clear();
                    }
                    case "}" -> {
                        return out;
                    }
                    default -> {
                        if (words.isEmpty()) {
                            startLine = line;
                        }
                        words.add(t);
                    }
                }
            }
            return out;
        }

        private String token() {
            while (at < text.length()) {
                char c = text.charAt(at);
                if (c == '\n') {
                    line++;
                    at++;
                } else if (Character.isWhitespace(c)) {
                    at++;
                } else if (c == '#') {
                    while (at < text.length() && text.charAt(at) != '\n') {
                        at++;
                    }
                } else if (c == ';' || c == '{' || c == '}') {
                    at++;
                    return String.valueOf(c);
                } else if (c == '"' || c == '\'') {
                    return quoted(c);
                } else {
                    int start = at;
                    while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && ";{}".indexOf(text.charAt(at)) < 0) {
                        at++;
                    }
                    return text.substring(start, at);
                }
            }
            return null;
        }

        private String quoted(char q) {
            StringBuilder b = new StringBuilder();
            at++;
            while (at < text.length() && text.charAt(at) != q) {
                char c = text.charAt(at++);
                if (c == '\n') {
                    line++;
                }
                if (c == '\\' && at < text.length()) {
                    c = text.charAt(at++);
                }
                b.append(c);
            }
            at++;
            return b.toString();
        }
    }
}
