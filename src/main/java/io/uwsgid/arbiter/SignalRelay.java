package io.uwsgid.arbiter;

import sun.misc.Signal;

/** Turns the master's signals into queued events; the handlers do nothing else (no logging, no state). */
public final class SignalRelay {
    private static final String[] SIGNALS = {"HUP", "INT", "TERM", "USR1", "CHLD"};

    private SignalRelay() {}

    public static void install(Arbiter arbiter) {
        for (String name : SIGNALS) {
            Signal.handle(new Signal(name), s -> arbiter.signal(name));
        }
    }
}
