package io.uwsgid.control;

import java.util.List;

/**
 * A {@code logs} request: the fields of {@link Request} and how much to read. Sent as one line
 * like any request; the daemon reads the fields of both from it.
 */
public record LogsRequest(String command, List<String> sites, boolean all, int waitSeconds, Integer lines, boolean follow) {
    /** tail's default. */
    public static final int DEFAULT_LINES = 10;

    public static LogsRequest of(String site, int lines, boolean follow) {
        return new LogsRequest(Command.LOGS.wire(), List.of(site), false, 0, lines, follow);
    }

    int linesOrDefault() {
        return lines == null ? DEFAULT_LINES : lines;
    }
}
