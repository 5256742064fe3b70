package io.uwsgid.config;

import io.uwsgid.os.SocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One site, validated once from its file: what the master owns (sockets, pid files, log, user,
 * jail) taken out, the rest passed through to uWSGI in order.
 */
public record SiteConfig(
        String name,
        Path file,
        List<Option> options,
        List<Option> passthrough,
        List<SocketSpec> sockets,
        Identity identity,
        List<Path> pidFiles,
        Path logFile,
        boolean vacuum,
        Duration mercy,
        Duration startTimeout,
        OwnOptions own) {

    /** Who the site's processes run as, and in which jail. {@code groups} null means the user's own groups (initgroups). */
    public record Identity(String user, int uid, String group, int gid, List<Integer> groups, Path chroot) {
        @Override
        public String toString() {
            return user + "(" + uid + "):" + group + "(" + gid + ")" + (chroot == null ? "" : " in " + chroot);
        }
    }

    /** A site with none of uwsgid's own options set. */
    public SiteConfig(String name, Path file, List<Option> options, List<Option> passthrough, List<SocketSpec> sockets, Identity identity,
                      List<Path> pidFiles, Path logFile, boolean vacuum, Duration mercy, Duration startTimeout) {
        this(name, file, options, passthrough, sockets, identity, pidFiles, logFile, vacuum, mercy, startTimeout, OwnOptions.DEFAULTS);
    }

    public SiteConfig {
        own = own == null ? OwnOptions.DEFAULTS : own;
        options = List.copyOf(options);
        passthrough = List.copyOf(passthrough);
        sockets = List.copyOf(sockets);
        pidFiles = List.copyOf(pidFiles);
    }

    /** Same options, same place: a re-read that needs no new generation but for a touch. */
    public boolean sameOptions(SiteConfig other) {
        return other != null && optionPairs().equals(other.optionPairs());
    }

    /**
     * Seconds between the heartbeats each uWSGI worker sends while it waits for requests (its
     * {@code heartbeat} option, emperor byte 26), by which a hang is noticed: the site's own
     * heartbeat when its file sets one, else a third of its health-timeout (at least 1); 0 when
     * hang detection is off. A third leaves a worker that serves requests without pause time for
     * two beats (one is due at most a period after the last, and sent at its next request) before
     * its silence counts.
     */
    public int heartbeat() {
        if (own.healthTimeout().isZero()) {
            return 0;
        }
        int set = lastNumber("heartbeat", 0);
        return set > 0 ? set : (int) Math.max(1, own.healthTimeout().toSeconds() / 3);
    }

    /**
     * The most heartbeats a second its workers can send: each worker beats at most once per its
     * {@code heartbeat} (the site's own, even with hang detection off, or uwsgid's), and there are
     * at most {@code processes} (or {@code workers}) of them; 0 when none beats.
     */
    public double beatsPerSecondAtMost() {
        int set = lastNumber("heartbeat", 0);
        int period = set > 0 ? set : heartbeat();
        return period <= 0 ? 0 : (double) Math.max(1, Math.max(lastNumber("processes", 1), lastNumber("workers", 1))) / period;
    }

    /** The last value of a uWSGI option the site's file sets, read as uWSGI's atoi does; {@code fallback} if unset. */
    private int lastNumber(String key, int fallback) {
        return passthrough.stream().filter(o -> o.key().equals(key)).reduce((a, b) -> b).map(o -> Numbers.atoi(o.value())).orElse(fallback);
    }

    /** Every option as key=value, in order: what {@link #sameOptions} compares. */
    public List<String> optionPairs() {
        return options.stream().map(o -> o.key() + "=" + o.value()).toList();
    }

    @Override
    public String toString() {
        return name + " (" + file + ")";
    }
}
