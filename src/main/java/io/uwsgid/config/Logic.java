package io.uwsgid.config;

import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * uWSGI's single, global "logic block" ({@code if-*}, {@code for*}): while one is open every
 * following option is handed to its condition instead of being stored, until a key named
 * {@code end}, {@code endif}, {@code end-if}, {@code endfor} or {@code end-for}. There is no
 * nesting: a second block opened inside a true one is an error, inside a false one it is skipped
 * and its end closes the outer block.
 */
final class Logic {

    static final List<String> END_KEYS = List.of("end", "endfor", "endif", "end-if", "end-for");

    private static final Map<String, String> ALIASES = Map.of("ifenv", "if-env", "ifexists", "if-exists",
            "ifplugin", "if-plugin", "ifdir", "if-dir", "if-directory", "if-dir");

    private static final List<String> NAMES = List.of("for", "for-glob", "for-times", "for-readline",
            "if-opt", "if-not-opt", "if-env", "if-not-env", "if-reload", "if-not-reload", "if-hostname",
            "if-not-hostname", "if-hostname-match", "if-not-hostname-match", "if-exists", "if-not-exists",
            "if-plugin", "if-not-plugin", "if-file", "if-not-file", "if-dir", "if-not-dir");

    private final Engine engine;
    private String name;
    private String arg;
    private boolean running;

    Logic(Engine engine) {
        this.engine = engine;
    }

    static boolean isLogicOption(String key) {
        return NAMES.contains(key) || ALIASES.containsKey(key);
    }

    boolean running() {
        return running;
    }

    boolean open() {
        return name != null;
    }

    void reset() {
        name = null;
        arg = null;
    }

    void start(String key, String value, Origin origin) throws ConfigException {
        if (name != null) {
            throw origin.error("'" + Bytes.toText(key) + "' opened while '" + name
                    + "' is still open: uWSGI does not support nested if/for blocks",
                    "close the first block with endif/endfor before opening another");
        }
        name = ALIASES.getOrDefault(key, key);
        arg = value;
    }

    void feed(String key, String value, Origin origin) throws ConfigException {
        running = true;
        try {
            evaluate(key, value, origin);
        } finally {
            running = false;
        }
    }

    private void evaluate(String key, String value, Origin o) throws ConfigException {
        switch (name) {
            case "for" -> forEach(key, value, o, tokens(arg));
            case "for-glob" -> forEach(key, value, o, Glob.expand(arg, engine.context().cwd()));
            case "for-times" -> forTimes(key, value, o);
            case "for-readline" -> forEach(key, value, o, ReadLines.of(arg, engine.context(), o));
            case "if-opt", "if-not-opt" -> compare(key, value, o, engine.firstValue(before('=')));
            case "if-env", "if-not-env" -> compare(key, value, o, env(before('=')));
            case "if-reload" -> addIf(engine.context().host().reload(), key, value, o);
            case "if-not-reload" -> addIf(!engine.context().host().reload(), key, value, o);
            case "if-hostname" -> pathLike(hostname().equals(arg), key, value, o);
            case "if-not-hostname" -> pathLike(!hostname().equals(arg), key, value, o);
            case "if-hostname-match" -> pathLike(hostnameMatches(o), key, value, o);
            case "if-not-hostname-match" -> pathLike(!hostnameMatches(o), key, value, o);
            case "if-exists" -> pathLike(FileAccess.exists(arg, cwd()), key, value, o);
            case "if-not-exists" -> pathLike(!FileAccess.exists(arg, cwd()), key, value, o);
            case "if-file" -> pathLike(FileAccess.isFile(arg, cwd()), key, value, o);
            case "if-not-file" -> pathLike(!FileAccess.isFile(arg, cwd()), key, value, o);
            case "if-dir" -> pathLike(FileAccess.isDir(arg, cwd()), key, value, o);
            case "if-not-dir" -> pathLike(!FileAccess.isDir(arg, cwd()), key, value, o);
            case "if-plugin" -> pathLike(engine.pluginLoaded(arg), key, value, o);
            case "if-not-plugin" -> pathLike(!engine.pluginLoaded(arg), key, value, o);
            default -> throw new IllegalStateException("unknown logic " + name);
        }
    }

    private java.nio.file.Path cwd() {
        return engine.context().cwd();
    }

    private String hostname() {
        return Bytes.fromText(engine.context().host().hostname());
    }

    private boolean hostnameMatches(Origin o) throws ConfigException {
        try {
            return Pattern.compile(Bytes.toText(arg)).matcher(engine.context().host().hostname()).find();
        } catch (PatternSyntaxException e) {
            throw o.error("invalid regular expression in if-hostname-match: " + e.getDescription(),
                    "correct the regular expression");
        }
    }

    private String before(char c) {
        int at = arg.indexOf(c);
        return at < 0 ? arg : arg.substring(0, at);
    }

    private String env(String var) {
        String v = engine.context().env().get(Bytes.toText(var));
        return v == null ? null : Bytes.fromText(v);
    }

    // "name=value" compares against the value; "%(_)" becomes what was found, or stays when nothing was.
    private void compare(String key, String value, Origin o, String found) throws ConfigException {
        int eq = arg.indexOf('=');
        boolean matches = found != null && (eq < 0 || arg.substring(eq + 1).equals(found));
        boolean negated = name.contains("-not-");
        if (matches != negated) {
            engine.add(key, found == null ? value : value.replace("%(_)", found), o, false);
        }
    }

    private void pathLike(boolean condition, String key, String value, Origin o) throws ConfigException {
        addIf(condition, key, value.replace("%(_)", arg), o);
    }

    private void addIf(boolean condition, String key, String value, Origin o) throws ConfigException {
        if (condition) {
            engine.add(key, value, o, false);
        }
    }

    private void forEach(String key, String value, Origin o, List<String> items) throws ConfigException {
        for (String item : items) {
            engine.add(key, value.replace("%(_)", item), o, false);
        }
    }

    private void forTimes(String key, String value, Origin o) throws ConfigException {
        long times = Numbers.atoi(arg);
        if (times > engine.context().limits().maxOptions()) {
            throw o.error("for-times = " + times + " would create more than " + engine.context().limits().maxOptions()
                    + " options", "use a smaller count");
        }
        for (int i = 1; i <= times; i++) {
            engine.add(key, value.replace("%(_)", Integer.toString(i)), o, false);
        }
    }

    static List<String> tokens(String s) {
        StringTokenizer t = new StringTokenizer(s, " ");
        List<String> out = new java.util.ArrayList<>();
        while (t.hasMoreTokens()) {
            out.add(t.nextToken());
        }
        return out;
    }
}
