package io.uwsgid.config;

import java.nio.file.Path;

/**
 * A site file that uWSGI would refuse (or that cannot be resolved safely). The message always names
 * the file, the line when there is one, what is wrong and how to fix it.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String problem;
    private final String fix;

    /**
     * @param file    file the problem is in
     * @param line    1-based line, or 0 when the problem is not about one line
     * @param problem what is wrong
     * @param fix     what the user should do about it (null only when there is nothing to do)
     */
    public ConfigException(Path file, int line, String problem, String fix) {
        super(location(file, line) + ": " + problem + (fix == null ? "" : "; fix: " + fix));
        this.file = file;
        this.line = line;
        this.problem = problem;
        this.fix = fix;
    }

    static String location(Path file, int line) {
        return line > 0 ? file + ":" + line : String.valueOf(file);
    }

    /** @return the file the problem is in */
    public Path file() {
        return file;
    }

    /** @return the 1-based line, or 0 when the problem is not about one line */
    public int line() {
        return line;
    }

    /** @return what is wrong, without the place and the fix */
    public String problem() {
        return problem;
    }

    /** @return what the user should do */
    public String fix() {
        return fix;
    }
}
