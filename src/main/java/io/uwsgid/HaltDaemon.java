package io.uwsgid;

/** The one exception that ends the daemon: a reason a person can act on, and the exit status. */
public final class HaltDaemon extends RuntimeException {
    private final int status;

    public HaltDaemon(String reason, int status) {
        super(reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
