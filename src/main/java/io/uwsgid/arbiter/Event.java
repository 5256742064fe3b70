package io.uwsgid.arbiter;

import java.util.function.Consumer;

/** What the loop thread applies, one at a time. Everything else only enqueues these. */
sealed interface Event {
    /** A signal to the master, by name (HUP, INT, TERM, USR1, CHLD). */
    record Signal(String name) implements Event {}

    /** One byte of the emperor protocol from a child. */
    record Emperor(int pid, int value) implements Event {}

    /** A request to run on the loop thread (control commands, tests). */
    record Call(Consumer<Arbiter> action) implements Event {}
}
