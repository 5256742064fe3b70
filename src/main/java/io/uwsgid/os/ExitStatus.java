package io.uwsgid.os;

/** How a child ended: an exit code, or the signal that killed it. */
public record ExitStatus(int code, int signal) {
    public static ExitStatus fromWaitStatus(int status) {
        int sig = status & 0x7f;
        return sig == 0 ? new ExitStatus((status >> 8) & 0xff, 0) : new ExitStatus(-1, sig);
    }

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0);
    }

    public static ExitStatus killed(int signal) {
        return new ExitStatus(-1, signal);
    }

    /** A process this uwsgid did not spawn (an earlier one did) has ended: nobody told it how. */
    public static ExitStatus unknown() {
        return new ExitStatus(-1, -1);
    }

    public boolean clean() {
        return signal == 0 && code == 0;
    }

    @Override
    public String toString() {
        return signal == -1 ? "ended (its exit status went to the uwsgid that spawned it)"
                : signal == 0 ? "exit " + code : "killed by " + Signals.name(signal);
    }
}
