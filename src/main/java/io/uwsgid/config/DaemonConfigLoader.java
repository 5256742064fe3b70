package io.uwsgid.config;

import io.uwsgid.os.Users;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the daemon's settings: embedded defaults, then uwsgid.ini's [uwsgid] section, then
 * command-line flags. An unknown key or a bad value is an error naming its line.
 */
public final class DaemonConfigLoader {
    static final Map<String, String> DEFAULTS = defaults();
    private final Map<String, Option> settings = new LinkedHashMap<>();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("sites-dir", "/var/uwsgi/sites-available");
        d.put("run-dir", "/run/uwsgid");
        d.put("uwsgi", "/usr/bin/uwsgi");
        d.put("setpriv", "/usr/bin/setpriv");
        d.put("mercy", "30");
        d.put("start-timeout", "60");
        d.put("backoff-cap", "60");
        d.put("stable-after", "30");
        d.put("listen", "1024");
        d.put("allow-root", "false");
        d.put("reload-parallelism", "8");
        d.put("watch", "true");
        d.put("control-group", "");
        d.put("control-group-access", "read");
        d.put("socket-move-grace", "30");
        d.put("settle-time", "1");
        d.put("metrics", "127.0.0.1:9799");
        d.put("log-format", "text");
        d.put("nginx-user", "");
        d.put("cgroup", "uwsgid");
        d.put("allow-unlimited", "false");
        return d;
    }

    /** Reads {@code file}'s [uwsgid] section; later reads and {@link #set} override earlier ones. */
    public DaemonConfigLoader read(Path file) throws ConfigException {
        for (Option o : IniParser.parse(file, "uwsgid")) {
            if (!DEFAULTS.containsKey(o.key())) {
                throw new ConfigException(o.file(), o.line(), "unknown setting '" + o.key() + "'", "use one of " + DEFAULTS.keySet());
            }
            settings.put(o.key(), o);
        }
        return this;
    }

    public DaemonConfigLoader set(String key, String value) {
        settings.put(key, new Option(key, value, Path.of("(command line)"), 0));
        return this;
    }

    public DaemonConfig build() throws ConfigException {
        return new DaemonConfig(path("sites-dir"), path("run-dir"), path("uwsgi"), path("setpriv"), seconds("mercy"),
                seconds("start-timeout"), seconds("backoff-cap"), seconds("stable-after"), (int) number("listen"),
                flag("allow-root"), (int) number("reload-parallelism"), flag("watch"),
                value("control-group").isEmpty() ? null : value("control-group"), groupAccess(),
                seconds("socket-move-grace"), metricsAddress(), logFormat(), settleTime(), nginxUser(), cgroupName(),
                flag("allow-unlimited"));
    }

    /** Debian's nginx runs as www-data, nginx.org's packages and CentOS's as nginx: unset means nginx if it exists, else www-data. */
    private String nginxUser() {
        String v = value("nginx-user");
        if (!v.isEmpty()) {
            return v;
        }
        return Users.user("nginx").isPresent() ? "nginx" : "www-data";
    }

    /** One directory name: it is made under uwsgid's own cgroup, so it must not climb out of it. */
    private String cgroupName() throws ConfigException {
        String v = value("cgroup");
        if (!v.matches("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}")) {
            throw invalid("cgroup", "is not a plain directory name", "write cgroup = uwsgid (letters, digits, . _ - @; no slash)");
        }
        return v;
    }

    private String value(String key) {
        Option o = settings.get(key);
        return o == null ? DEFAULTS.get(key) : o.value();
    }

    private boolean groupAccess() throws ConfigException {
        return either("control-group-access", "read", "all", "write control-group-access = read (status only) or all (every command)");
    }

    /** Whether the setting says {@code yes}; anything but {@code no} or {@code yes} is an error. */
    private boolean either(String key, String no, String yes, String fix) throws ConfigException {
        String v = value(key);
        if (!v.equals(no) && !v.equals(yes)) {
            throw invalid(key, "is neither " + no + " nor " + yes, fix);
        }
        return v.equals(yes);
    }

    /** The error for a setting the file gave a bad value, at its line. */
    private ConfigException invalid(String key, String what, String fix) {
        Option o = settings.get(key);
        return new ConfigException(o.file(), o.line(), key + " = " + o.value() + " " + what, fix);
    }

    /** host:port ([v6]:port for IPv6); empty turns the endpoint off. */
    private InetSocketAddress metricsAddress() throws ConfigException {
        String v = value("metrics").trim();
        if (v.isEmpty()) {
            return null;
        }
        int colon = v.lastIndexOf(':');
        String host = colon <= 0 ? "" : v.substring(0, colon).replaceAll("^\\[(.*)]$", "$1");
        try {
            int port = Integer.parseInt(v.substring(colon + 1));
            if (!host.isEmpty() && port > 0 && port < 65536) {
                return new InetSocketAddress(host, port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("metrics", "is not HOST:PORT", "write metrics = 127.0.0.1:9799 (loopback), or leave it empty to turn /metrics off");
    }

    private boolean logFormat() throws ConfigException {
        return either("log-format", "text", "json", "write log-format = text (one line per event) or json (JSON lines with the site as a field)");
    }

    /** Zero is allowed here (tests that want every stop at once); negative is not. */
    private Duration settleTime() throws ConfigException {
        try {
            double d = Double.parseDouble(value("settle-time"));
            if (d >= 0) {
                return Duration.ofMillis((long) (d * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("settle-time", "is not a number of seconds", "write settle-time = 1");
    }

    private boolean flag(String key) {
        Option o = settings.get(key);
        return o == null ? Boolean.parseBoolean(DEFAULTS.get(key)) : o.isTrue();
    }

    private Path path(String key) {
        return Path.of(value(key));
    }

    private Duration seconds(String key) throws ConfigException {
        return Duration.ofMillis((long) (number(key) * 1000));
    }

    private double number(String key) throws ConfigException {
        try {
            double d = Double.parseDouble(value(key));
            if (d > 0) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, "is not a positive number", "write a number, such as " + key + " = " + DEFAULTS.get(key));
    }

    public static List<String> keys() {
        return List.copyOf(DEFAULTS.keySet());
    }
}
