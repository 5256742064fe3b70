package io.uwsgid.os;

import java.util.Optional;
import jnr.posix.Group;
import jnr.posix.Passwd;

/** Looks up users and groups by name or number, as uWSGI's uid/gid options accept either. */
public final class Users {
    /** A user account: its uid and its primary group. */
    public record User(String name, int uid, int gid) {}

    /** A group: its name and gid. */
    public record Grp(String name, int gid) {}

    private Users() {}

    public static Optional<User> user(String nameOrId) {
        Passwd pw = isNumber(nameOrId) ? Native.POSIX.getpwuid(Integer.parseInt(nameOrId)) : Native.POSIX.getpwnam(nameOrId);
        if (pw == null) {
            return isNumber(nameOrId) ? Optional.of(new User(nameOrId, Integer.parseInt(nameOrId), -1)) : Optional.empty();
        }
        return Optional.of(new User(pw.getLoginName(), (int) pw.getUID(), (int) pw.getGID()));
    }

    public static Optional<Grp> group(String nameOrId) {
        Group gr = isNumber(nameOrId) ? Native.POSIX.getgrgid(Integer.parseInt(nameOrId)) : Native.POSIX.getgrnam(nameOrId);
        if (gr == null) {
            return isNumber(nameOrId) ? Optional.of(new Grp(nameOrId, Integer.parseInt(nameOrId))) : Optional.empty();
        }
        return Optional.of(new Grp(gr.getName(), (int) gr.getGID()));
    }

    /** Whether a peer with this uid and primary gid belongs to {@code group} (by gid or by membership in /etc/group). */
    public static boolean isMember(int uid, int gid, String group) {
        Group gr = Native.POSIX.getgrnam(group);
        if (gr == null) {
            return false;
        }
        if (gr.getGID() == gid) {
            return true;
        }
        Passwd pw = Native.POSIX.getpwuid(uid);
        return pw != null && gr.getMembers() != null && java.util.Arrays.asList(gr.getMembers()).contains(pw.getLoginName());
    }

    public static int currentUid() {
        return Native.POSIX.getuid();
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
