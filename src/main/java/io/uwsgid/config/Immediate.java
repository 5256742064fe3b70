package io.uwsgid.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** What the handlers of uWSGI's immediate options do to the option list while files are read. */
final class Immediate {

    private static final List<String> EXITS = List.of("exit", "help", "usage", "cflags", "dot-h", "config-py",
            "build-plugin", "stop", "reload", "pause", "suspend", "resume");
    private static final List<String> OTHER_FORMATS = List.of("xml", "xmlconfig", "yaml", "yml", "json", "js",
            "config");
    private static final int MAX_CUSTOM_DEPTH = 16;

    private final Engine engine;
    private int customDepth;

    Immediate(Engine engine) {
        this.engine = engine;
    }

    void apply(String key, String value, Origin o) throws ConfigException {
        if (Logic.isLogicOption(key)) {
            engine.logic().start(key, value, o);
            return;
        }
        switch (key) {
            case "ini", "include", "inherit" -> engine.includes().include(key, value, o);
            case "set" -> set(value, o, false);
            case "set-placeholder", "set-ph" -> set(value, o, true);
            case "declare-option", "declare-option2" -> declare(value, o);
            case "resolve" -> resolve(value, o);
            case "blacklist" -> engine.blacklist = value;
            case "end-blacklist" -> engine.blacklist = null;
            case "whitelist" -> engine.whitelist = value;
            case "end-whitelist" -> engine.whitelist = null;
            case "strict" -> engine.strict = new Option(key, Bytes.toText(value), o.file(), o.line()).isTrue();
            case "plugins", "plugin", "need-plugins", "need-plugin" -> engine.recordPlugins(value);
            case "inject-before", "inject-after" -> throw o.error(key + " changes how later files are read"
                    + " and is not supported by uwsgid", "inline the injected text into the site file");
            default -> other(key, value, o);
        }
    }

    private void other(String key, String value, Origin o) throws ConfigException {
        if (EXITS.contains(key)) {
            throw o.error("option '" + key + "' makes uWSGI act and exit while it is still reading its configuration",
                    "remove the " + key + " line from the site file");
        }
        if (OTHER_FORMATS.contains(key)) {
            throw o.error(key + " = loads a non-ini configuration, which uwsgid does not parse",
                    "convert it to ini and use ini = instead");
        }
        if (engine.isCustom(key)) {
            custom(key, value, o);
        }
    }

    private void set(String value, Origin o, boolean placeholderOnly) throws ConfigException {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw o.error("invalid set/set-placeholder value '" + Bytes.toText(value) + "': it needs name=value",
                    "write it as name=value");
        }
        engine.add(value.substring(0, eq), value.substring(eq + 1), o, placeholderOnly);
    }

    private void declare(String value, Origin o) throws ConfigException {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw o.error("invalid declare-option value '" + Bytes.toText(value) + "': it needs newoption=template",
                    "write it as name=option1=value1;option2=value2");
        }
        engine.customs.putIfAbsent(value.substring(0, eq), value.substring(eq + 1));
    }

    // uWSGI resolves the name while reading; uwsgid does the same lookup (IPv4, first address).
    private void resolve(String value, Origin o) throws ConfigException {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw o.error("invalid resolve value '" + Bytes.toText(value) + "': it needs placeholder=name",
                    "write it as placeholder=hostname");
        }
        String host = Bytes.toText(value.substring(eq + 1));
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (a instanceof Inet4Address) {
                    engine.add(value.substring(0, eq), a.getHostAddress(), o, true);
                    return;
                }
            }
        } catch (UnknownHostException | SecurityException e) {
            // reported below like uWSGI does
        }
        throw o.error("unable to resolve name " + host, "fix the host name or use a literal address");
    }

    /** A declared option: its template is split at ';' and each name=value applied with $1.. replaced. */
    private void custom(String key, String value, Origin o) throws ConfigException {
        if (++customDepth > MAX_CUSTOM_DEPTH) {
            throw o.error("custom option '" + Bytes.toText(key) + "' expands into itself", "fix the declare-option template");
        }
        try {
            int count = 1 + (int) value.chars().filter(c -> c == ' ').count();
            String[] args = new String[count];
            List<String> tokens = Logic.tokens(value);
            for (int i = 0; i < tokens.size(); i++) {
                args[i] = tokens.get(i);
            }
            if (value.isEmpty()) {
                args[0] = "";
            }
            for (String item : engine.customs.get(key).split(";")) {
                if (item.isEmpty()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq < 0) {
                    return;
                }
                manage(fill(item.substring(0, eq), args), fill(item.substring(eq + 1), args), o);
            }
        } finally {
            customDepth--;
        }
    }

    private static String fill(String template, String[] args) {
        String out = template;
        for (int i = 0; i < args.length; i++) {
            if (args[i] != null) {
                out = out.replace("$" + (i + 1), args[i]);
            }
        }
        return out;
    }

    // uwsgi_manage_opt calls the handler directly, so nothing is added for the option itself.
    private void manage(String key, String value, Origin o) throws ConfigException {
        if (engine.isImmediate(key) || key.equals("inherit") || key.equals("declare-option2")) {
            apply(key, value, o);
        }
    }
}
