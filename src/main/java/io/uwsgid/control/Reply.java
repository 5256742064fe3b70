package io.uwsgid.control;

import io.uwsgid.status.SiteStatus;
import java.util.List;

/**
 * The answer to a request: an exit code for uwsgictl (see {@link ExitCodes}), a message for a
 * person, one result per site acted on, and site statuses for {@code status}.
 */
public record Reply(int code, String message, List<Result> results, List<SiteStatus> sites) {
    /** What one command did to one site. */
    public record Result(String site, boolean ok, String message) {}

    public Reply {
        results = results == null ? List.of() : List.copyOf(results);
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    public static Reply error(int code, String message) {
        return new Reply(code, message, List.of(), List.of());
    }
}
