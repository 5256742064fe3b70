package io.uwsgid.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The item list of {@code for-readline}: the file in fgets-sized chunks, each chomped. */
final class ReadLines {

    // uWSGI reads with a 1024-byte buffer, so longer lines arrive as several items.
    private static final int CHUNK = 1023;

    private ReadLines() {
    }

    static List<String> of(String raw, ParseContext ctx, Origin origin) throws ConfigException {
        Path file = FileAccess.resolve(raw, ctx.cwd());
        if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            // uWSGI logs the failed open and carries on with no iterations.
            ctx.warn(origin.file(), origin.line(), "for-readline file " + Bytes.toText(raw)
                    + " cannot be read, so the loop body is skipped; create the file or fix the path");
            return List.of();
        }
        String text = FileAccess.read(file, ctx.limits().maxFileSize(), origin.file(), origin.line(),
                "for-readline file");
        List<String> items = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int newline = text.indexOf('\n', start);
            int end = Math.min(newline < 0 ? text.length() : newline + 1, start + CHUNK);
            items.add(chomp(Bytes.cString(text.substring(start, end))));
            start = end;
        }
        return items;
    }

    private static String chomp(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
