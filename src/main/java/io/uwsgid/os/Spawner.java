package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static io.uwsgid.os.Native.RUNTIME;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * posix_spawn with explicit file actions. The JVM holds many fds without CLOEXEC, so the child
 * closes everything above its last fd (closefrom), and gets default signal dispositions and an
 * empty signal mask whatever the spawning thread had.
 */
final class Spawner {
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
    // glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336: room to spare.
    private static final int OPAQUE_SIZE = 1024;

    private Spawner() {}

    static int spawn(SpawnSpec spec) throws OsException {
        Pointer actions = Memory.allocateDirect(RUNTIME, OPAQUE_SIZE, true);
        Pointer attr = Memory.allocateDirect(RUNTIME, OPAQUE_SIZE, true);
        LIBC.posix_spawn_file_actions_init(actions);
        LIBC.posix_spawnattr_init(attr);
        try {
            addFileActions(actions, spec);
            setAttributes(attr);
            IntByReference pid = new IntByReference();
            int rc = LIBC.posix_spawn(pid, spec.path(), actions, attr,
                    spec.argv().toArray(new String[0]), spec.env().toArray(new String[0]));
            if (rc != 0) {
                throw new OsException(rc, "cannot run " + spec.path() + ": " + Native.strerror(rc));
            }
            return pid.intValue();
        } finally {
            LIBC.posix_spawn_file_actions_destroy(actions);
            LIBC.posix_spawnattr_destroy(attr);
        }
    }

    /** Moves every source above all targets first, so that no dup2 overwrites a source still needed. */
    private static void addFileActions(Pointer actions, SpawnSpec spec) throws OsException {
        List<Integer> sources = new ArrayList<>(List.of(spec.stdout(), spec.stderr()));
        sources.addAll(spec.passFds());
        int lastTarget = sources.size();
        int high = Math.max(lastTarget, sources.stream().mapToInt(Integer::intValue).max().orElse(0)) + 1;
        for (int i = 0; i < sources.size(); i++) {
            ok(LIBC.posix_spawn_file_actions_adddup2(actions, sources.get(i), high + i), "adddup2");
        }
        ok(LIBC.posix_spawn_file_actions_addopen(actions, 0, "/dev/null", Native.O_RDONLY, 0), "addopen");
        for (int i = 0; i < sources.size(); i++) {
            ok(LIBC.posix_spawn_file_actions_adddup2(actions, high + i, i + 1), "adddup2");
        }
        ok(LIBC.posix_spawn_file_actions_addclosefrom_np(actions, lastTarget + 1), "addclosefrom_np");
    }

    private static void setAttributes(Pointer attr) throws OsException {
        Pointer empty = Memory.allocateDirect(RUNTIME, 128, true);
        Pointer all = Memory.allocateDirect(RUNTIME, 128, true);
        LIBC.sigemptyset(empty);
        LIBC.sigfillset(all);
        ok(LIBC.posix_spawnattr_setsigmask(attr, empty), "setsigmask");
        ok(LIBC.posix_spawnattr_setsigdefault(attr, all), "setsigdefault");
        ok(LIBC.posix_spawnattr_setflags(attr, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)), "setflags");
    }

    private static void ok(int rc, String what) throws OsException {
        if (rc != 0) {
            throw new OsException(rc, "posix_spawn " + what + ": " + Native.strerror(rc));
        }
    }
}
