package io.uwsgid.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringTokenizer;

/**
 * The {@code %X} table uWSGI substitutes over the raw bytes of each config file before splitting
 * it into lines. It is global state: each loaded file refills the lower-case entries, the
 * upper-case ones keep the values of the first file.
 */
final class MagicTable {

    private static final String UPPER_FROM = "odspcenxij";

    private final String[] table = new String[256];
    private boolean firstRoundDone;

    MagicTable(ParseContext ctx) {
        Arrays.fill(table, "");
        set('%', "%");
        set('(', "%(");
        HostFacts host = ctx.host();
        set('v', Bytes.fromText(ctx.cwd().toString()));
        set('h', Bytes.fromText(host.hostname()));
        long micros = host.clock().instant().getEpochSecond() * 1_000_000L + host.clock().instant().getNano() / 1000;
        set('t', Long.toString(micros / 1_000_000L));
        set('T', Long.toString(micros));
        set('V', Bytes.fromText(host.version()));
        set('k', Integer.toString(host.cpus()));
        set('[', "\033");
        set('u', Integer.toString(host.uid()));
        set('U', Bytes.fromText(host.user()));
        set('g', Integer.toString(host.gid()));
        set('G', Bytes.fromText(host.group()));
        set('b', Bytes.fromText(host.binaryPath()));
    }

    String get(char c) {
        return table[c & 0xff];
    }

    private void set(char c, String value) {
        table[c] = value;
    }

    /**
     * Refills the per-file entries.
     *
     * @param written  file part as written in the option (raw bytes), empty for {@code :section}
     * @param resolved the file on disk, or null when the previous file is reused
     * @param section  text after the last colon, or null when there was no colon
     * @param cwd      uWSGI's cwd, used for symlinked files
     */
    void fill(String written, Path resolved, String section, Path cwd) throws IOException {
        set('o', written);
        if (resolved != null) {
            fillPaths(written, resolved, cwd);
        }
        set('x', section == null ? "" : section);
        if (!firstRoundDone) {
            for (char c : UPPER_FROM.toCharArray()) {
                set(Character.toUpperCase(c), get(c));
            }
            firstRoundDone = true;
        }
    }

    // A symlinked file keeps the name it was given (prefixed with cwd); anything else is realpath'd.
    private void fillPaths(String written, Path resolved, Path cwd) throws IOException {
        String full;
        if (Files.isSymbolicLink(resolved)) {
            full = written.startsWith("/") ? written : Bytes.fromText(cwd.toString()) + "/" + written;
        } else {
            full = Bytes.fromText(resolved.toRealPath().toString());
        }
        set('p', full);
        set('j', hashHex(full));
        set('i', inode(resolved));
        String base = full.substring(full.lastIndexOf('/') + 1);
        String dir = full.substring(0, full.length() - base.length());
        set('s', base);
        set('d', dir);
        fillDirParts(dir.endsWith("/") ? dir.substring(0, dir.length() - 1) : dir);
        int dot = base.lastIndexOf('.');
        set('e', dot < 0 ? "" : base.substring(dot + 1));
        set('n', dot < 0 ? base : base.substring(0, dot));
    }

    private void fillDirParts(String dir) {
        int slash = dir.lastIndexOf('/');
        set('c', slash < 0 ? "" : dir.substring(slash + 1));
        for (char c = '0'; c <= '9'; c++) {
            set(c, "");
        }
        StringTokenizer parts = new StringTokenizer(dir, "/");
        for (char c = '0'; c <= '9' && parts.hasMoreTokens(); c++) {
            set(c, parts.nextToken());
        }
    }

    private String inode(Path file) {
        try {
            Object ino = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            return String.valueOf(ino);
        } catch (IOException | RuntimeException e) {
            return get('i');
        }
    }

    // djb33x over the path's bytes (chars are signed in uWSGI's build), printed in memory order.
    static String hashHex(String raw) {
        int hash = 5381;
        for (int i = 0; i < raw.length(); i++) {
            hash = (hash * 33) ^ (byte) raw.charAt(i);
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            hex.append(String.format("%02X", (hash >>> (8 * i)) & 0xff));
        }
        return hex.toString();
    }

    /**
     * Applies the table to a whole file: every {@code %} followed by any byte is replaced, which
     * is why {@code %} at the end of a line swallows the newline.
     *
     * @return the substituted text, or null when it would grow beyond {@code maxLength}
     */
    Substituted substitute(String raw, int maxLength) {
        StringBuilder out = new StringBuilder(raw.length());
        IntList lines = new IntList();
        int line = 1;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 1 < raw.length()) {
                String with = get(raw.charAt(i + 1));
                if (out.length() + with.length() > maxLength) {
                    return null;
                }
                out.append(with);
                lines.addRepeated(line, with.length());
                if (raw.charAt(++i) == '\n') {
                    line++;
                }
            } else {
                out.append(c);
                lines.addRepeated(line, 1);
                if (c == '\n') {
                    line++;
                }
            }
        }
        return new Substituted(out.toString(), lines.toArray(), line);
    }

    /** Text after substitution, with the source line of every character. */
    record Substituted(String text, int[] lineOf, int lastLine) {
        int lineAt(int index) {
            return index < lineOf.length ? lineOf[index] : lastLine;
        }
    }

    static final class IntList {
        private int[] data = new int[64];
        private int size;

        void addRepeated(int value, int times) {
            while (size + times > data.length) {
                data = Arrays.copyOf(data, data.length * 2);
            }
            Arrays.fill(data, size, size + times, value);
            size += times;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
