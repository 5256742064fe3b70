package io.uwsgid.arbiter;

import io.uwsgid.control.Reply;
import io.uwsgid.control.Request;
import java.util.concurrent.CompletableFuture;

/** What the loop thread applies, one at a time. Everything else only enqueues these. */
sealed interface Event {
    /** A signal to the master. */
    record Signal(DaemonSignal signal) implements Event {}

    /** One byte of the emperor protocol from a child. */
    record Emperor(int pid, int value) implements Event {}

    /** A control request; {@code reply} is completed on the loop thread, now or once its outcome is known. */
    record Control(Request request, CompletableFuture<Reply> reply) implements Event {}

    /** What the health watch read from the stats servers of running sites, by site. */
    record Health(java.util.Map<String, io.uwsgid.status.StatsReading> readings) implements Event {}

    /** A connection waits on the socket of an IDLE on-demand site. */
    record Demand(String site) implements Event {}

    /** Files in the sites directory were created, changed or removed. */
    record SitesChanged() implements Event {}
}
