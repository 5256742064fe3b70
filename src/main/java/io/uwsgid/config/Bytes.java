package io.uwsgid.config;

import java.nio.charset.StandardCharsets;

/**
 * uWSGI works on bytes. Internally every string holds one char per byte (ISO-8859-1), so the
 * C algorithms can be mirrored exactly even for non-UTF-8 input; text crosses to and from Java
 * only at the edges.
 */
final class Bytes {

    private Bytes() {
    }

    static String raw(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static String fromText(String text) {
        return raw(text.getBytes(StandardCharsets.UTF_8));
    }

    static String toText(String raw) {
        return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** C string semantics: everything after the first NUL is invisible. */
    static String cString(String raw) {
        int nul = raw.indexOf('\0');
        return nul < 0 ? raw : raw.substring(0, nul);
    }

    static boolean isIniBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isIniBlank(s.charAt(start))) {
            start++;
        }
        while (end > start && isIniBlank(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }
}
