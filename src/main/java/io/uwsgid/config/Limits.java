package io.uwsgid.config;

/**
 * Bounds that keep the parser finite on hostile input; uWSGI itself has none and crashes or hangs.
 *
 * @param maxIncludeDepth  deepest chain of nested includes
 * @param maxFileSize      largest file (in bytes) read as config, {@code @(file)} or for-readline
 * @param maxLineLength    longest line in bytes
 * @param maxValueLength   longest value a placeholder expansion may grow to
 * @param maxOptions       most options one parse may produce (bounds for-times and for loops)
 */
public record Limits(int maxIncludeDepth, int maxFileSize, int maxLineLength, int maxValueLength, int maxOptions) {

    /** @return generous limits that no real site file comes near */
    public static Limits defaults() {
        return new Limits(64, 4 << 20, 64 << 10, 1 << 20, 100_000);
    }

    public Limits {
        if (maxIncludeDepth < 1 || maxFileSize < 1 || maxLineLength < 1 || maxValueLength < 1 || maxOptions < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
