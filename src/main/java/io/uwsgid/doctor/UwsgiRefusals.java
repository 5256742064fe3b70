package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What uWSGI 2.0.21 prints when it refuses options while reading them, mapped back to the line of
 * the site file and to a fix. Debian builds routers and loggers as plugins: {@code redirect:} or
 * {@code logger = file:...} are refused until {@code router_redirect} or {@code logfile} is loaded.
 */
final class UwsgiRefusals {
    private static final Pattern DATED = Pattern.compile("^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4} - ");
    private static final Pattern ROUTE = Pattern.compile("unable to register route \"(.*)\"$");
    private static final Pattern LOGGER = Pattern.compile("unable to find logger (\\S+)$");
    private static final Pattern STRICT = Pattern.compile("\\[strict-mode\\] unknown config directive: (.*)$");
    private static final Pattern NEED_PLUGIN = Pattern.compile("unable to load plugin \"(.*)\"$");
    private static final Set<String> LOGGER_KEYS = Set.of("logger", "req-logger", "logger-req", "log-req-route");
    /** Debian's plugin for each logger name uWSGI can print. */
    private static final Map<String, String> LOGGER_PLUGINS = Map.of("file", "logfile", "socket", "logsocket", "pipe", "logpipe",
            "syslog", "syslog", "rsyslog", "rsyslog", "redislog", "redislog", "zeromq", "logzmq", "systemd", "systemd_logger", "crypto", "logcrypto");

    private UwsgiRefusals() {}

    /** uWSGI's lines without the date {@code log-date} puts in front of them. */
    static List<String> undated(List<String> lines) {
        return lines.stream().map(l -> DATED.matcher(l).replaceFirst("")).toList();
    }

    static Optional<Finding> finding(String line, List<Option> written, Path siteFile) {
        Matcher m;
        if ((m = ROUTE.matcher(line)).find()) {
            return Optional.of(route(m.group(1), written, siteFile));
        }
        if ((m = LOGGER.matcher(line)).find()) {
            return Optional.of(logger(m.group(1), written, siteFile));
        }
        if ((m = STRICT.matcher(line)).find()) {
            return Optional.of(strict(m.group(1), written, siteFile));
        }
        if ((m = NEED_PLUGIN.matcher(line)).find()) {
            String name = m.group(1);
            Option at = find(written, siteFile, o -> SiteOptions.PLUGINS.contains(o.key()) && o.value().contains(name));
            return Optional.of(Finding.refusal(at, "uWSGI refuses to start: " + line + " (" + at.key() + " = " + at.value() + ")",
                    "install or fix the plugin, or remove the line"));
        }
        return Optional.empty();
    }

    private static Finding route(String value, List<Option> written, Path siteFile) {
        Option at = find(written, siteFile, o -> o.key().contains("route") && o.value().equals(value));
        String action = action(at.key(), value);
        String plugin = "router_" + action;
        boolean shipped = Files.isRegularFile(Plugins.BUILT_IN_DIR.resolve(plugin + "_plugin.so"));
        return Finding.refusal(at, "uWSGI refuses this file" + said("unable to register route \"" + value + "\"") + ": no loaded plugin provides the route action '"
                + action + "'", shipped ? "load its plugin above this line: plugins = " + plugin + " (" + Plugins.BUILT_IN_DIR.resolve(plugin + "_plugin.so") + ")"
                        : "use an action uwsgi --router-list names (with the plugins the site loads), or load the plugin that provides '" + action + "'");
    }

    /** {@code route = REGEXP ACTION:ARGS}, {@code route-if = COND:ARGS ACTION:ARGS}, {@code route-run = ACTION:ARGS}. */
    static String action(String key, String value) {
        String v = value.strip();
        int space = v.indexOf(' ');
        String part = key.endsWith("-run") || space < 0 ? v : v.substring(space + 1).strip();
        int colon = part.indexOf(':');
        return colon < 0 ? part : part.substring(0, colon);
    }

    private static Finding logger(String name, List<Option> written, Path siteFile) {
        Option at = find(written, siteFile, o -> LOGGER_KEYS.contains(o.key()) && (o.value().startsWith(name + ":") || o.value().equals(name)
                || o.value().contains(":" + name + ":") || o.value().endsWith(":" + name)));
        String plugin = LOGGER_PLUGINS.get(name);
        boolean shipped = plugin != null && Files.isRegularFile(Plugins.BUILT_IN_DIR.resolve(plugin + "_plugin.so"));
        return Finding.refusal(at, "uWSGI refuses this file" + said("unable to find logger " + name) + ": no loaded plugin provides the logger '" + name + "'",
                shipped ? "load its plugin above this line: plugins = " + plugin + " (" + Plugins.BUILT_IN_DIR.resolve(plugin + "_plugin.so") + ")"
                        : "load the plugin that provides logger '" + name + "' (uwsgi --plugins NAME --logger-list), or use logto = FILE");
    }

    private static Finding strict(String key, List<Option> written, Path siteFile) {
        Option at = find(written, siteFile, o -> o.key().equals(key));
        Option strict = find(written, siteFile, o -> o.key().equals("strict"));
        Optional<String> plugin = pluginFor(key);
        return Finding.refusal(at, "uWSGI refuses this file" + said("[strict-mode] unknown config directive: " + key) + " (strict = " + strict.value()
                + (strict.line() > 0 ? " on line " + strict.line() : "") + "): neither uWSGI's core nor a loaded plugin knows '" + key + "'",
                plugin.map(p -> "if it is plugin " + p + "'s option, load it above this line: plugins = " + p + "; otherwise fix its spelling or remove it")
                        .orElse("fix its spelling, load the plugin that provides it, or remove it (or turn strict off)"));
    }

    /** The Debian plugin whose name the option starts with: http-timeout is http's, cheaper-busyness-max cheaper_busyness's. */
    static Optional<String> pluginFor(String key) {
        String name = key.replace('-', '_');
        while (!name.isEmpty()) {
            if (Files.isRegularFile(Plugins.BUILT_IN_DIR.resolve(name + "_plugin.so"))) {
                return Optional.of(name);
            }
            int cut = name.lastIndexOf('_');
            name = cut < 0 ? "" : name.substring(0, cut);
        }
        return Optional.empty();
    }

    private static String said(String uwsgiSaid) {
        return " (it says: " + uwsgiSaid + ")";
    }

    private static Option find(List<Option> written, Path siteFile, java.util.function.Predicate<Option> p) {
        Option found = null;
        for (Option o : written) {
            if (p.test(o)) {
                found = o;
                break;
            }
        }
        return found != null ? found : new Option("", "", siteFile, 0);
    }
}
