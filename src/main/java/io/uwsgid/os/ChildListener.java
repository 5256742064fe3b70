package io.uwsgid.os;

/** Receives what children say over the emperor pipe; called on the poller thread, so it must only enqueue. */
public interface ChildListener {
    void emperorByte(int pid, int value);

    void emperorClosed(int pid);

    /** A connection waits on a socket of an on-demand site (see {@link Kernel#awaitConnection}). */
    default void connectionWaiting(String site) {}
}
