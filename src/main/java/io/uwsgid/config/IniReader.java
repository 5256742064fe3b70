package io.uwsgid.config;

import java.nio.file.Path;

/** Splits one substituted file into lines and feeds the key/value lines of one section. */
final class IniReader {

    private static final String BOM = "\u00ef\u00bb\u00bf";

    interface Sink {
        void accept(String key, String value, int line) throws ConfigException;
    }

    private final Path file;
    private final String wanted;
    private final ParseContext ctx;
    private String section = "";
    private boolean gotSection;

    IniReader(Path file, String wanted, ParseContext ctx) {
        this.file = file;
        this.wanted = wanted;
        this.ctx = ctx;
    }

    /** @return whether any option line of the wanted section was seen (uWSGI's own test) */
    boolean scan(MagicTable.Substituted text, Sink sink) throws ConfigException {
        String all = text.text();
        if (all.startsWith(BOM)) {
            ctx.warn(file, 1, "file starts with a UTF-8 byte order mark; uWSGI reads the first line as an"
                    + " option name, so a [" + Bytes.toText(wanted) + "] header there is not recognised;"
                    + " save the file without BOM");
        }
        int start = 0;
        while (start < all.length()) {
            int end = all.indexOf('\n', start);
            if (end < 0) {
                end = all.length();
            }
            int line = text.lineAt(start);
            if (end - start > ctx.limits().maxLineLength()) {
                throw new ConfigException(file, line, "line is " + (end - start) + " bytes long, over the limit of "
                        + ctx.limits().maxLineLength(), "split the value or raise Limits.maxLineLength");
            }
            handle(Bytes.strip(Bytes.cString(all.substring(start, end))), line, sink);
            start = end + 1;
        }
        return gotSection;
    }

    private void handle(String stripped, int line, Sink sink) throws ConfigException {
        if (stripped.isEmpty() || stripped.charAt(0) == ';' || stripped.charAt(0) == '#') {
            return;
        }
        if (stripped.charAt(0) == '[') {
            // uWSGI drops the last character whatever it is, so "[uwsgi] ; x" names an odd section.
            section = stripped.length() > 1 ? stripped.substring(1, stripped.length() - 1) : "";
            checkHeader(stripped, line);
            return;
        }
        if (!section.equals(wanted)) {
            return;
        }
        gotSection = true;
        int eq = stripped.indexOf('=');
        String key = eq < 0 ? stripped : Bytes.strip(stripped.substring(0, eq));
        String value = eq < 0 ? "" : Bytes.strip(stripped.substring(eq + 1));
        sink.accept(key, value, line);
    }

    private void checkHeader(String header, int line) {
        boolean clean = header.endsWith("]") && header.indexOf(']') == header.length() - 1
                && section.equals(section.strip());
        if (clean) {
            return;
        }
        String shown = Bytes.toText(header);
        String read = Bytes.toText(section);
        String hint = section.equals(wanted)
                ? "uWSGI still reads it as [" + read + "] only because it drops the last character"
                : "the lines below it are NOT in [" + Bytes.toText(wanted) + "] and uWSGI silently ignores them";
        ctx.warn(file, line, "section header '" + shown + "' is read by uWSGI as section '" + read + "': " + hint
                + "; write the header alone on its line as [name] and put comments on their own line");
    }
}
