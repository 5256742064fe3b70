package io.uwsgid.config;

/** uWSGI's spelling of true: anything but an empty value, 0, false, no or off. */
final class Booleans {
    private Booleans() {}

    static boolean isTrue(String v) {
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        return !(s.isEmpty() ? false : s.equals("0") || s.equals("false") || s.equals("no") || s.equals("off"));
    }
}
