package io.uwsgid.os;

/** The signal numbers the master sends, with their names for people. */
public final class Signals {
    public static final int HUP = 1, INT = 2, QUIT = 3, KILL = 9, USR1 = 10, TERM = 15, STOP = 19, CONT = 18;

    private Signals() {}

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
