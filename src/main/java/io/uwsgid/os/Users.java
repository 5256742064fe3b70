package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static io.uwsgid.os.Native.RUNTIME;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Looks up users and groups by name or number, as uWSGI's uid/gid options accept either: through
 * libc's reentrant getpw*_r and getgr*_r, so that every NSS source (LDAP, sssd) counts.
 */
public final class Users {
    /** A user account: its uid and its primary group. */
    public record User(String name, int uid, int gid) {}

    /** A group: its name and gid. */
    public record Grp(String name, int gid) {}

    /** A group entry with the login names listed as its members. */
    private record Members(int gid, List<String> names) {}

    /** One getpw*_r or getgr*_r call: fills {@code entry} with strings kept in {@code buf}; {@code *result} is NULL when there is none. */
    private interface Lookup {
        int call(Pointer entry, Pointer buf, long size, Pointer result);
    }

    /** struct passwd and struct group, as x86_64 and aarch64 lay them out. */
    private static final int PASSWD_SIZE = 48, PW_UID = 16, PW_GID = 20, GROUP_SIZE = 32, GR_GID = 16, GR_MEM = 24;
    /** The buffer for an entry's strings starts here and doubles while libc says ERANGE, up to the last size. */
    private static final int FIRST_BUFFER = 1024, LAST_BUFFER = 1 << 24, ERANGE = 34;

    private Users() {}

    public static Optional<User> user(String nameOrId) {
        Optional<User> pw = isNumber(nameOrId) ? passwd(Integer.parseInt(nameOrId)) : passwd(nameOrId);
        if (pw.isEmpty() && isNumber(nameOrId)) {
            return Optional.of(new User(nameOrId, Integer.parseInt(nameOrId), -1));
        }
        return pw;
    }

    public static Optional<Grp> group(String nameOrId) {
        Optional<Grp> gr = isNumber(nameOrId)
                ? lookup(GROUP_SIZE, (e, b, n, r) -> LIBC.getgrgid_r(Integer.parseInt(nameOrId), e, b, n, r), Users::grp)
                : groupNamed(nameOrId, Users::grp);
        if (gr.isEmpty() && isNumber(nameOrId)) {
            return Optional.of(new Grp(nameOrId, Integer.parseInt(nameOrId)));
        }
        return gr;
    }

    /** Whether a peer with this uid and primary gid belongs to {@code group} (by gid or by membership in /etc/group). */
    public static boolean isMember(int uid, int gid, String group) {
        Optional<Members> gr = groupNamed(group, Users::members);
        if (gr.isEmpty()) {
            return false;
        }
        if (gr.get().gid() == gid) {
            return true;
        }
        Optional<User> pw = passwd(uid);
        return pw.isPresent() && gr.get().names().contains(pw.get().name());
    }

    public static int currentUid() {
        return LIBC.getuid();
    }

    private static Optional<User> passwd(int uid) {
        return lookup(PASSWD_SIZE, (e, b, n, r) -> LIBC.getpwuid_r(uid, e, b, n, r), Users::user);
    }

    private static Optional<User> passwd(String name) {
        return lookup(PASSWD_SIZE, (e, b, n, r) -> LIBC.getpwnam_r(name, e, b, n, r), Users::user);
    }

    private static <T> Optional<T> groupNamed(String name, Function<Pointer, T> read) {
        return lookup(GROUP_SIZE, (e, b, n, r) -> LIBC.getgrnam_r(name, e, b, n, r), read);
    }

    /** Runs {@code lookup} with a buffer big enough for the entry, and reads the entry while that buffer is alive. */
    private static <T> Optional<T> lookup(int entrySize, Lookup lookup, Function<Pointer, T> read) {
        Pointer entry = Memory.allocateDirect(RUNTIME, entrySize);
        Pointer result = Memory.allocateDirect(RUNTIME, RUNTIME.addressSize(), true);
        for (int size = FIRST_BUFFER; size <= LAST_BUFFER; size *= 2) {
            Pointer buf = Memory.allocateDirect(RUNTIME, size);
            int rc = lookup.call(entry, buf, size, result);
            if (rc != ERANGE) {
                Optional<T> out = rc == 0 && result.getAddress(0) != 0 ? Optional.of(read.apply(entry)) : Optional.empty();
                Reference.reachabilityFence(buf);
                return out;
            }
        }
        return Optional.empty();
    }

    private static User user(Pointer pw) {
        return new User(string(pw.getPointer(0)), pw.getInt(PW_UID), pw.getInt(PW_GID));
    }

    private static Grp grp(Pointer gr) {
        return new Grp(string(gr.getPointer(0)), gr.getInt(GR_GID));
    }

    private static Members members(Pointer gr) {
        List<String> names = new ArrayList<>();
        Pointer mem = gr.getPointer(GR_MEM);
        for (int i = 0; mem != null && mem.getAddress((long) i * RUNTIME.addressSize()) != 0; i++) {
            names.add(string(mem.getPointer((long) i * RUNTIME.addressSize())));
        }
        return new Members(gr.getInt(GR_GID), names);
    }

    private static String string(Pointer p) {
        return p.getString(0, Integer.MAX_VALUE, StandardCharsets.UTF_8);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }
}
