package io.uwsgid.control;

import java.util.List;

/**
 * What follows the reply line of a {@code logs} request, one JSON object a line: batches of log
 * lines ({@code lines}, without their newline), then one {@code end} with uwsgictl's exit code.
 */
public record LogFrame(List<String> lines, String end, Integer code) {
    static LogFrame lines(List<String> lines) {
        return new LogFrame(lines, null, null);
    }

    static LogFrame end(int code, String why) {
        return new LogFrame(null, why, code);
    }

    /** Splits whole lines; a last piece without its newline counts as a line. Bytes that are not UTF-8 become U+FFFD. */
    static List<String> split(byte[] chunk) {
        List<String> out = new java.util.ArrayList<>();
        int from = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                out.add(new String(chunk, from, i - from, java.nio.charset.StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        if (from < chunk.length) {
            out.add(new String(chunk, from, chunk.length - from, java.nio.charset.StandardCharsets.UTF_8));
        }
        return out;
    }
}
