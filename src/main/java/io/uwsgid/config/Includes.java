package io.uwsgid.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads ini files the way {@code --ini}, {@code ini =}, {@code include =} and {@code inherit =}
 * do: {@code file:section} splits at the last colon, {@code :section} re-reads the last ini file
 * read (anywhere, not the including one), relative paths resolve against uWSGI's cwd.
 */
final class Includes {

    private static final List<String> SCHEMES = List.of("emperor", "http", "data", "sym", "section", "fd",
            "exec", "call", "callint");
    private static final String DEFAULT_SECTION = "uwsgi";

    private final Engine engine;
    private final MagicTable magic;
    private final List<String> stackKeys = new ArrayList<>();
    private final List<String> stackNames = new ArrayList<>();
    private String lastFile;

    Includes(Engine engine, MagicTable magic) {
        this.engine = engine;
        this.magic = magic;
    }

    void loadTop(Path file, String section) throws ConfigException {
        String written = Bytes.fromText(file.toString());
        Path resolved = engine.context().cwd().resolve(file);
        if (!Files.exists(resolved)) {
            throw new ConfigException(file, 0, "site file does not exist", "check the path");
        }
        String magicSection = section.equals(DEFAULT_SECTION) ? null : section;
        load(written, written, resolved, section, magicSection, new Origin(file, 0));
    }

    /** An {@code ini =} / {@code include =} / {@code inherit =} value. */
    void include(String key, String spec, Origin origin) throws ConfigException {
        if (!key.equals("ini") && !spec.endsWith(".ini")) {
            throw origin.error(Bytes.toText(key) + " = " + Bytes.toText(spec)
                    + ": only ini files can be included by uwsgid", "convert the included file to ini format");
        }
        if (spec.equals("-") || hasScheme(spec)) {
            throw origin.error("'" + Bytes.toText(spec) + "' reads configuration from stdin or a URL scheme,"
                    + " which uwsgid does not follow", "include a plain file path instead");
        }
        int colon = spec.lastIndexOf(':');
        String written = colon < 0 ? spec : spec.substring(0, colon);
        String magicSection = colon < 0 ? null : spec.substring(colon + 1);
        String section = magicSection == null || magicSection.isEmpty() ? DEFAULT_SECTION : magicSection;
        String fileRaw = written.isEmpty() && colon >= 0 ? lastFile : written;
        Path resolved = FileAccess.resolve(fileRaw == null ? "" : fileRaw, engine.context().cwd());
        if (resolved == null || !Files.exists(resolved)) {
            throw origin.error("included file " + (resolved == null ? "'" + Bytes.toText(spec) + "'" : resolved)
                    + " does not exist (relative paths resolve against uWSGI's working directory "
                    + engine.context().cwd() + ", not against the including file)",
                    "use an absolute path, or %d for the directory of the including file (ini = %dother.ini)");
        }
        if (!fileRaw.startsWith("/") && !written.isEmpty()) {
            engine.context().warn(origin.file(), origin.line(), "relative include '" + Bytes.toText(spec)
                    + "' resolves against uWSGI's working directory (" + engine.context().cwd()
                    + "), not against this file; prefer an absolute path or %d");
        }
        load(written, fileRaw, written.isEmpty() ? null : resolved, section, magicSection, origin);
    }

    private static boolean hasScheme(String spec) {
        return SCHEMES.stream().anyMatch(s -> spec.startsWith(s + "://"));
    }

    private void load(String written, String fileRaw, Path resolved, String section, String magicSection,
                      Origin origin) throws ConfigException {
        Path path = resolved != null ? resolved : FileAccess.resolve(fileRaw, engine.context().cwd());
        String key = Engine.realPath(path) + "\0" + section;
        String name = path.getFileName() + (section.equals(DEFAULT_SECTION) ? "" : ":" + Bytes.toText(section));
        if (stackKeys.contains(key)) {
            List<String> chain = new ArrayList<>(stackNames.subList(stackKeys.indexOf(key), stackNames.size()));
            chain.add(name);
            throw origin.error("include cycle: " + String.join(" -> ", chain)
                    + " (uWSGI would recurse until it crashes)", "remove one of the ini = lines that form the cycle");
        }
        if (stackKeys.size() >= engine.context().limits().maxIncludeDepth()) {
            throw origin.error("includes nested deeper than " + engine.context().limits().maxIncludeDepth(),
                    "flatten the include chain");
        }
        fillMagic(written, resolved, magicSection, origin);
        Limits limits = engine.context().limits();
        String raw = FileAccess.read(path, limits.maxFileSize(), origin.file(), origin.line(), "config file");
        lastFile = fileRaw;
        MagicTable.Substituted text = magic.substitute(raw + "\0", limits.maxFileSize() * 4);
        if (text == null) {
            throw new ConfigException(path, 0, "magic variables (%p, %d ...) expand the file beyond "
                    + limits.maxFileSize() * 4 + " bytes", "use fewer magic variables");
        }
        stackKeys.add(key);
        stackNames.add(name);
        try {
            IniReader reader = new IniReader(path, section, engine.context());
            if (!reader.scan(text, (k, v, line) -> engine.add(k, v, new Origin(path, line), false))) {
                engine.context().warn(path, 0, "no options in section [" + Bytes.toText(section)
                        + "]: uWSGI loads nothing from this file; check the section header");
            }
        } finally {
            stackKeys.remove(stackKeys.size() - 1);
            stackNames.remove(stackNames.size() - 1);
        }
    }

    private void fillMagic(String written, Path resolved, String magicSection, Origin origin) throws ConfigException {
        try {
            magic.fill(written, resolved, magicSection, engine.context().cwd());
        } catch (IOException | RuntimeException e) {
            throw origin.error("cannot resolve the real path of " + resolved + ": " + e.getMessage(),
                    "check the path and its permissions");
        }
    }
}
