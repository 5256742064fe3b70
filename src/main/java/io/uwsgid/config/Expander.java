package io.uwsgid.config;

import java.nio.file.Path;

/**
 * The three passes uWSGI runs over every option that no handler consumed while reading: first
 * {@code $(ENV)}, then {@code @(file)}, then {@code %(option)}. Each pass rescans a value after
 * every replacement, except its first character, which is why a value that starts with a
 * reference that expands to another reference keeps the second one literally.
 */
final class Expander {

    private static final int MAX_REPLACEMENTS = 10_000;

    interface Hook {
        String lookup(String name) throws ConfigException;
    }

    private final Engine engine;
    private Entry current;

    private Expander(Engine engine) {
        this.engine = engine;
    }

    static void run(Engine engine) throws ConfigException {
        Expander x = new Expander(engine);
        x.pass('$', x::env);
        x.pass('@', x::file);
        x.pass('%', name -> Placeholders.resolve(name, engine));
    }

    private void pass(char symbol, Hook hook) throws ConfigException {
        for (Entry e : engine.entries()) {
            if (!e.configured) {
                current = e;
                e.value = scan(e.value, symbol, hook);
            }
        }
    }

    String scan(String input, char symbol, Hook hook) throws ConfigException {
        String value = input;
        int state = 0;
        int depth = 0;
        int keyStart = -1;
        int replacements = 0;
        for (int j = 0; j < value.length(); j++) {
            char c = value.charAt(j);
            if (c == symbol) {
                state = 1;
            } else if (c == '(' && state == 1) {
                state = 2;
                depth = 0;
                keyStart = j + 1;
            } else if (state > 1) {
                if (c == '(') {
                    state++;
                    depth++;
                } else if (c == ')') {
                    if (depth > 0) {
                        state++;
                        depth--;
                        continue;
                    }
                    String found = state <= 2 ? null : hook.lookup(value.substring(keyStart, keyStart + state - 2));
                    if (found != null) {
                        value = value.substring(0, keyStart - 2) + found + value.substring(keyStart + state - 1);
                        check(value, ++replacements, symbol);
                        j = 0;
                    }
                    state = 0;
                } else {
                    state++;
                }
            } else {
                state = 0;
            }
        }
        return value;
    }

    private void check(String value, int replacements, char symbol) throws ConfigException {
        if (value.length() > engine.context().limits().maxValueLength() || replacements > MAX_REPLACEMENTS) {
            throw new ConfigException(current.file, current.line, "the value of '" + Bytes.toText(current.key)
                    + "' never stops expanding " + symbol + "(...) references (uWSGI would loop or run out of memory)",
                    "remove the self-referencing placeholder");
        }
    }

    private String env(String name) {
        String v = engine.context().env().get(Bytes.toText(name));
        return v == null ? null : Bytes.fromText(v);
    }

    // uWSGI drops one trailing newline or carriage return and stops at the first NUL.
    private String file(String name) throws ConfigException {
        if (name.equals("-") || name.contains("://")) {
            throw new ConfigException(current.file, current.line, "@(" + Bytes.toText(name)
                    + ") reads stdin or a URL scheme, which uwsgid does not follow", "use a plain file path");
        }
        Path p = FileAccess.resolve(name, engine.context().cwd());
        String text = FileAccess.read(p, engine.context().limits().maxFileSize(), current.file, current.line,
                "@() file");
        if (!text.isEmpty() && (text.endsWith("\n") || text.endsWith("\r"))) {
            text = text.substring(0, text.length() - 1);
        }
        return Bytes.cString(text);
    }
}
