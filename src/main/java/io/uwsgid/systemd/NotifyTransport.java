package io.uwsgid.systemd;

import java.io.Closeable;

/** Where notification messages go: the real socket, or a recording fake in tests. */
interface NotifyTransport extends Closeable {
    /** Sends one message; false if it could not be sent now. Never blocks, never throws. */
    boolean send(String message);
}
