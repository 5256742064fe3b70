package io.uwsgid.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The state uWSGI keeps while it reads configuration: the exported option list, the open logic
 * block, the last ini file, custom options and black/white list contexts.
 */
final class Engine {

    private final ParseContext ctx;
    private final List<Entry> entries = new ArrayList<>();
    private final MagicTable magic;
    private final Logic logic = new Logic(this);
    private final Immediate immediate = new Immediate(this);
    private final Includes includes;
    final Map<String, String> customs = new LinkedHashMap<>();
    final Set<String> plugins = new HashSet<>();
    String blacklist;
    String whitelist;
    boolean strict;
    /** For uwsgictl check: strict mode's unknown options become warnings, every one, instead of a refusal at the first. */
    boolean strictAsWarnings;

    Engine(ParseContext ctx) {
        this.ctx = ctx;
        this.magic = new MagicTable(ctx);
        this.includes = new Includes(this, magic);
    }

    ParseContext context() {
        return ctx;
    }

    Logic logic() {
        return logic;
    }

    Includes includes() {
        return includes;
    }

    List<Entry> entries() {
        return entries;
    }

    List<Entry> run(Path file, String section) throws ConfigException {
        includes.loadTop(file, Bytes.fromText(section));
        Expander.run(this);
        configure();
        checkStrict();
        return entries;
    }

    /** uWSGI's add_exported_option: the single door every option goes through. */
    void add(String key, String value, Origin origin, boolean placeholderOnly) throws ConfigException {
        checkContexts(key, origin);
        if (!logic.running()) {
            if (Logic.END_KEYS.contains(key)) {
                logic.reset();
            }
            if (logic.open()) {
                logic.feed(key, value, origin);
                return;
            }
        }
        if (entries.size() >= ctx.limits().maxOptions()) {
            throw origin.error("more than " + ctx.limits().maxOptions() + " options", "simplify the configuration");
        }
        Entry entry = new Entry(key, value, origin.file(), origin.line());
        entries.add(entry);
        if (placeholderOnly) {
            if (optionExists(key)) {
                throw origin.error("'" + Bytes.toText(key) + "' is a uWSGI option and cannot be used as a placeholder",
                        "rename the placeholder");
            }
            entry.configured = true;
            entry.placeholder = true;
            return;
        }
        if (isImmediate(key)) {
            entry.configured = true;
            immediate.apply(key, value, origin);
        }
    }

    private void checkContexts(String key, Origin origin) throws ConfigException {
        if (blacklist != null && listHas(blacklist, key)) {
            throw origin.error("option '" + Bytes.toText(key) + "' is forbidden by the blacklist set earlier",
                    "remove the option or the blacklist entry");
        }
        if (whitelist != null && !listHas(whitelist, key)) {
            throw origin.error("option '" + Bytes.toText(key) + "' is not in the whitelist set earlier",
                    "add it to the whitelist or close the whitelist with end-whitelist (which must itself be listed)");
        }
    }

    private static boolean listHas(String list, String key) {
        return Logic.tokens(list).stream().anyMatch(t -> t.equalsIgnoreCase(key));
    }

    boolean isImmediate(String key) {
        return CoreOptions.IMMEDIATE.contains(key) || isCustom(key);
    }

    // A custom option cannot shadow a core one: uWSGI's lookup finds the core option first.
    boolean isCustom(String key) {
        return !CoreOptions.exists(key) && customs.containsKey(key);
    }

    boolean optionExists(String key) {
        return CoreOptions.exists(key) || customs.containsKey(key);
    }

    /** uWSGI's uwsgi_get_exported_opt: the first option with that name, as it is right now. */
    String firstValue(String key) {
        for (Entry e : entries) {
            if (e.key.equals(key)) {
                return e.value;
            }
        }
        return null;
    }

    boolean pluginLoaded(String name) {
        return plugins.contains(name);
    }

    // Runs after the expansion passes, so whatever inherit pulls in is never expanded.
    private void configure() throws ConfigException {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.configured) {
                continue;
            }
            e.configured = true;
            Origin origin = new Origin(e.file, e.line);
            if (e.key.equals("inherit") || e.key.equals("declare-option2") || isCustom(e.key)) {
                immediate.apply(e.key, e.value, origin);
            }
        }
    }

    /** The words of strict mode's refusal, which {@link IniParser#parseCollectingStrict} leaves as a warning. */
    static final String STRICT_REFUSAL = "unknown option '%s' while strict mode is on";

    private void checkStrict() throws ConfigException {
        if (!strict || !plugins.isEmpty()) {
            return;
        }
        for (Entry e : entries) {
            if (!e.placeholder && !optionExists(e.key)) {
                ConfigException refusal = new ConfigException(e.file, e.line, STRICT_REFUSAL.formatted(Bytes.toText(e.key)),
                        "remove it, fix its spelling, or use set-placeholder for variables");
                if (!strictAsWarnings) {
                    throw refusal;
                }
                ctx.warn(e.file, e.line, refusal.problem() + "; " + refusal.fix());
            }
        }
    }

    void recordPlugins(String value) {
        for (String name : value.split(",")) {
            String trimmed = name.strip();
            if (!trimmed.isEmpty() && pluginFileExists(trimmed)) {
                plugins.add(trimmed);
            }
        }
    }

    private static boolean pluginFileExists(String name) {
        try {
            return Files.exists(Path.of("/usr/lib/uwsgi/plugins", Bytes.toText(name) + "_plugin.so"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String realPath(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return p.toString();
        }
    }
}
