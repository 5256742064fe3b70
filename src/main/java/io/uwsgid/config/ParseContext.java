package io.uwsgid.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything outside the site file that changes how uWSGI resolves it.
 *
 * @param env      environment seen by {@code $(VAR)}, {@code if-env} and {@code if-not-env}
 * @param cwd      uWSGI's working directory: relative includes, {@code @(file)}, {@code if-exists}
 *                 and friends resolve against it, not against the including file
 * @param limits   bounds on includes, sizes and expansion
 * @param host     values of host-dependent magic variables
 * @param warnings where findings are collected (mutable; shared by the {@code with*} copies)
 */
public record ParseContext(Map<String, String> env, Path cwd, Limits limits, HostFacts host, List<Finding> warnings) {

    public ParseContext {
        env = Map.copyOf(env);
        cwd = cwd.toAbsolutePath().normalize();
        if (warnings == null) {
            warnings = new ArrayList<>();
        }
    }

    /** @return the process environment, cwd {@code /}, default limits and this host's facts */
    public static ParseContext defaults() {
        return defaults(HostFacts.detect());
    }

    /**
     * As {@link #defaults()}, with the host's facts given: detected once for a scan of many files
     * (they read /proc and /etc, a third of a millisecond per file here).
     */
    public static ParseContext defaults(HostFacts host) {
        return new ParseContext(System.getenv(), Path.of("/"), Limits.defaults(), host, new ArrayList<>());
    }

    /**
     * @param newEnv environment to resolve against
     * @return a copy using {@code newEnv}
     */
    public ParseContext withEnv(Map<String, String> newEnv) {
        return new ParseContext(newEnv, cwd, limits, host, warnings);
    }

    /**
     * @param newCwd working directory uWSGI would run in
     * @return a copy using {@code newCwd}
     */
    public ParseContext withCwd(Path newCwd) {
        return new ParseContext(env, newCwd, limits, host, warnings);
    }

    /**
     * @param newLimits bounds to enforce
     * @return a copy using {@code newLimits}
     */
    public ParseContext withLimits(Limits newLimits) {
        return new ParseContext(env, cwd, newLimits, host, warnings);
    }

    /**
     * @param newHost host facts for magic variables
     * @return a copy using {@code newHost}
     */
    public ParseContext withHost(HostFacts newHost) {
        return new ParseContext(env, cwd, limits, newHost, warnings);
    }

    void warn(Path file, int line, String message) {
        warnings.add(new Finding(file, line, message));
    }
}
