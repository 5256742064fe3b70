package io.uwsgid.arbiter;

import io.uwsgid.os.Signals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Turns the master's signals into queued events; the handlers do nothing else (no logging, no state). */
public final class SignalRelay {
    private static final Logger LOG = LoggerFactory.getLogger(SignalRelay.class);

    private SignalRelay() {}

    public static void install(Arbiter arbiter) {
        for (DaemonSignal ours : DaemonSignal.values()) {
            String name = ours.name();
            Signal signal = new Signal(name);
            if (Signals.unignore(signal.getNumber())) {
                LOG.warn("SIG{} was ignored when uwsgid started (nohup, or a shell's background job); uwsgid handles it as documented", name);
            }
            Signal.handle(signal, s -> arbiter.signal(ours));
        }
    }
}
