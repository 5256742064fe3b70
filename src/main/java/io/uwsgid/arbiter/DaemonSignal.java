package io.uwsgid.arbiter;

/** The signals uwsgid acts on (see the signal table in the README). */
public enum DaemonSignal {
    /** Re-read uwsgid.ini and the sites directory; reload every site. */
    HUP,
    /** Stop every site gracefully, then exit. */
    INT,
    TERM,
    /** Reopen every log file. */
    USR1,
    /** A child exited: reap. */
    CHLD
}
