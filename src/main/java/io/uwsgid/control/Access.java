package io.uwsgid.control;

import io.uwsgid.os.Users;

/**
 * Who may use the control socket, decided from the peer's SO_PEERCRED uid and gid: root may do
 * everything; members of the configured group may do what {@code groupMayChange} allows.
 */
public record Access(String group, boolean groupMayChange) {
    public static Access rootOnly() {
        return new Access(null, false);
    }

    /** Null if allowed, else the reason to refuse. */
    public String refusal(int uid, int gid, Request request) {
        if (uid == 0) {
            return null;
        }
        if (group == null || !Users.isMember(uid, gid, group)) {
            return "uid " + uid + " may not use uwsgid's control socket (root only" + (group == null ? "" : ", or group " + group) + ")";
        }
        if (!request.readOnly() && !groupMayChange) {
            if (request.kind().orElse(null) == Command.LOGS) {
                return "group " + group + " may only read status; 'logs' shows what sites print, which may hold secrets: it needs root"
                        + " (or control-group-access = all)";
            }
            return "group " + group + " may only read status; '" + request.command() + "' needs root";
        }
        return null;
    }
}
