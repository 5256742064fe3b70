package io.uwsgid.os;

/** The signal numbers the master sends, with their names for people. */
public final class Signals {
    public static final int HUP = 1, INT = 2, QUIT = 3, KILL = 9, USR1 = 10, TERM = 15, STOP = 19, CONT = 18;

    /** glibc's struct sigaction on 64-bit Linux is 152 bytes; sa_handler comes first. */
    private static final int SIGACTION_SIZE = 256;
    private static final long SIG_IGN = 1;

    private Signals() {}

    /**
     * Gives back the default action to a signal this process inherited as ignored (nohup ignores
     * SIGHUP; a shell's background job ignores SIGINT), so that the JVM lets uwsgid handle it:
     * the JVM keeps an ignored signal ignored. Call before installing the handlers. True if it was ignored.
     */
    public static boolean unignore(int signal) {
        jnr.ffi.Pointer old = jnr.ffi.Memory.allocateDirect(Native.RUNTIME, SIGACTION_SIZE, true);
        if (Native.LIBC.sigaction(signal, null, old) != 0 || old.getLong(0) != SIG_IGN) {
            return false;
        }
        jnr.ffi.Pointer dfl = jnr.ffi.Memory.allocateDirect(Native.RUNTIME, SIGACTION_SIZE, true);
        return Native.LIBC.sigaction(signal, dfl, null) == 0;
    }

    public static String name(int signal) {
        return switch (signal) {
            case HUP -> "SIGHUP";
            case INT -> "SIGINT";
            case QUIT -> "SIGQUIT";
            case 6 -> "SIGABRT";
            case KILL -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case USR1 -> "SIGUSR1";
            case 13 -> "SIGPIPE";
            case TERM -> "SIGTERM";
            default -> "signal " + signal;
        };
    }
}
