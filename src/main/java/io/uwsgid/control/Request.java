package io.uwsgid.control;

import java.util.List;

/**
 * One control request: a command and the sites it is about. {@code all} means every site;
 * {@code waitSeconds} 0 means reply as soon as the command is applied.
 */
public record Request(String command, List<String> sites, boolean all, int waitSeconds) {
    /** Commands that change nothing, allowed to a group given read access. */
    public static final List<String> READ_ONLY = List.of("status");
    public static final List<String> COMMANDS = List.of("status", "start", "stop", "restart", "reload", "reopen-logs", "rescan");

    public Request {
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    public boolean readOnly() {
        return READ_ONLY.contains(command);
    }
}
