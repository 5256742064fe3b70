package io.uwsgid.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The options of a site file that are uwsgid's own, not uWSGI's: they are taken out before uWSGI
 * sees the file. Read once, with every bad value refused at its file:line with the fix.
 *
 * @param limits        the cgroup limits of each generation
 * @param healthTimeout how long the site may go without answering before it is replaced
 */
public record OwnOptions(CgroupLimits limits, Duration healthTimeout, boolean onDemand, Duration idle) {
    /** Option names that are uwsgid's alone; {@code idle} too, in a site with {@code on-demand = true} (else it is uWSGI's). */
    public static final Set<String> KEYS = Set.of("memory-max", "pids-max", "cpu-weight", "health-timeout", "on-demand");
    public static final Duration DEFAULT_HEALTH_TIMEOUT = Duration.ofSeconds(10);
    /** How long an on-demand site runs without a request before it stops, unless its file says otherwise. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(600);
    public static final OwnOptions DEFAULTS = new OwnOptions(CgroupLimits.NONE, DEFAULT_HEALTH_TIMEOUT, false, DEFAULT_IDLE);

    /** Not on demand. */
    public OwnOptions(CgroupLimits limits, Duration healthTimeout) {
        this(limits, healthTimeout, false, DEFAULT_IDLE);
    }

    /** Whether {@code option} is uwsgid's in a site whose options are {@code options}. */
    static boolean owns(Option option, List<Option> options) {
        return KEYS.contains(option.key()) || option.key().equals("idle") && last(options, "on-demand").map(Option::isTrue).orElse(false);
    }

    static OwnOptions read(Path file, List<Option> options) throws ConfigException {
        CgroupLimits limits = new CgroupLimits(memory(last(options, "memory-max")), whole(last(options, "pids-max"), 1, Integer.MAX_VALUE, "64"),
                (int) whole(last(options, "cpu-weight"), 1, 10_000, "100"));
        boolean onDemand = last(options, "on-demand").map(Option::isTrue).orElse(false);
        Duration idle = onDemand ? seconds(last(options, "idle"), DEFAULT_IDLE, "idle = 600 (seconds without a request before it stops; 0: never)")
                : DEFAULT_IDLE;
        return new OwnOptions(limits, healthTimeout(last(options, "health-timeout")), onDemand, idle);
    }

    /** Bytes, with an optional K, M, G or T suffix (powers of 1024), as systemd's MemoryMax= takes them. */
    static long memory(Optional<Option> o) throws ConfigException {
        if (o.isEmpty()) {
            return 0;
        }
        String v = o.get().value().trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        int suffix = "KMGT".indexOf(v.isEmpty() ? ' ' : v.charAt(v.length() - 1));
        if (suffix >= 0) {
            unit = 1L << (10 * (suffix + 1));
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n > 0 && n <= Long.MAX_VALUE / unit && n * unit >= 4L << 20) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(o.get(), "is not an amount of memory of at least 4M", "write bytes or a number with K, M, G or T, such as memory-max = 512M");
    }

    private static long whole(Optional<Option> o, long min, long max, String example) throws ConfigException {
        if (o.isEmpty()) {
            return 0;
        }
        try {
            long n = Long.parseLong(o.get().value().trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(o.get(), "is not a whole number from " + min + " to " + max, "write a number, such as " + o.get().key() + " = " + example);
    }

    private static Duration healthTimeout(Optional<Option> o) throws ConfigException {
        if (o.isEmpty()) {
            return DEFAULT_HEALTH_TIMEOUT;
        }
        try {
            double s = Double.parseDouble(o.get().value().trim());
            if (s >= 0 && s <= 86_400) {
                return Duration.ofMillis((long) (s * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(o.get(), "is not a number of seconds", "write health-timeout = 10 (seconds; 0 turns hang detection off)");
    }

    private static Duration seconds(Optional<Option> o, Duration fallback, String fix) throws ConfigException {
        if (o.isEmpty()) {
            return fallback;
        }
        try {
            long s = Long.parseLong(o.get().value().trim());
            if (s >= 0) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(o.get(), "is not a whole number of seconds", "write " + fix);
    }

    private static ConfigException bad(Option o, String what, String fix) {
        return new ConfigException(o.file(), o.line(), o.key() + " = " + o.value() + " " + what, fix);
    }

    private static Optional<Option> last(List<Option> options, String key) {
        Option found = null;
        for (Option o : options) {
            if (o.key().equals(key)) {
                found = o;
            }
        }
        return Optional.ofNullable(found);
    }
}
