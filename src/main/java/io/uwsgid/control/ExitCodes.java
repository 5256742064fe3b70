package io.uwsgid.control;

/** uwsgictl's exit codes, fixed and documented in its --help (LSB-style, as supervisorctl). */
public final class ExitCodes {
    public static final int OK = 0, FAILED = 1, USAGE = 2, NOT_PERMITTED = 4, NOT_RUNNING = 7;

    private ExitCodes() {}
}
