package io.uwsgid.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves a uWSGI ini site file exactly as uWSGI 2.0.21 does for {@code uwsgi --ini FILE}: same
 * options, values and order as {@code --show-config} prints (without the command-line options).
 */
public final class IniParser {

    private IniParser() {
    }

    /**
     * Parses the {@code [uwsgi]} section of {@code file} with {@link ParseContext#defaults()}.
     *
     * @param file site file
     * @return resolved options in uWSGI's order
     * @throws ConfigException when uWSGI would refuse the file or it cannot be resolved safely
     */
    public static List<Option> parse(Path file) throws ConfigException {
        return parse(file, "uwsgi", ParseContext.defaults());
    }

    /**
     * Parses one section of {@code file} with {@link ParseContext#defaults()}.
     *
     * @param file    site file
     * @param section section to read
     * @return resolved options in uWSGI's order
     * @throws ConfigException when uWSGI would refuse the file or it cannot be resolved safely
     */
    public static List<Option> parse(Path file, String section) throws ConfigException {
        return parse(file, section, ParseContext.defaults());
    }

    /**
     * Parses one section of {@code file}.
     *
     * @param file    site file; relative paths resolve against {@code ctx.cwd()}
     * @param section section to read, normally {@code uwsgi}
     * @param ctx     environment, cwd, limits and the warnings sink
     * @return resolved options in uWSGI's order
     * @throws ConfigException when uWSGI would refuse the file or it cannot be resolved safely
     */
    public static List<Option> parse(Path file, String section, ParseContext ctx) throws ConfigException {
        return parse(file, section, ctx, false);
    }

    /**
     * As {@link #parse(Path, String, ParseContext)}, but under {@code strict = true} every unknown
     * option is left in {@code ctx.warnings()} (see {@link #isStrictRefusal}) instead of refusing the
     * file at the first: {@code uwsgictl check} names them all, and goes on.
     */
    public static List<Option> parseCollectingStrict(Path file, String section, ParseContext ctx) throws ConfigException {
        return parse(file, section, ctx, true);
    }

    /** Whether a warning of {@link #parseCollectingStrict} is one uWSGI would refuse the file for. */
    public static boolean isStrictRefusal(Finding warning) {
        return warning.message().matches("^" + Engine.STRICT_REFUSAL.replace("'%s'", "'[^']*'") + ";.*");
    }

    private static List<Option> parse(Path file, String section, ParseContext ctx, boolean strictAsWarnings) throws ConfigException {
        try {
            List<Option> out = new ArrayList<>();
            Engine engine = new Engine(ctx);
            engine.strictAsWarnings = strictAsWarnings;
            for (Entry e : engine.run(file, section)) {
                out.add(e.toOption());
            }
            return out;
        } catch (StackOverflowError | OutOfMemoryError | RuntimeException e) {
            // Defensive: every known failure is a ConfigException; this keeps the promise for the unknown ones.
            throw new ConfigException(file, 0, "cannot resolve the file: " + e, "simplify the file and report this");
        }
    }

    /**
     * Formats options as the lines uWSGI prints between {@code [uwsgi]} and {@code ;end of configuration}
     * with {@code --show-config}.
     *
     * @param options resolved options
     * @return one {@code key = value} line per option, each ending in a newline
     */
    public static String showConfig(List<Option> options) {
        StringBuilder out = new StringBuilder();
        for (Option o : options) {
            out.append(o.key()).append(" = ").append(o.value()).append('\n');
        }
        return out.toString();
    }
}
