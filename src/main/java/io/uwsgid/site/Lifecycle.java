package io.uwsgid.site;

import static io.uwsgid.site.Lifecycle.Action.*;
import static io.uwsgid.site.Lifecycle.Event.*;
import static io.uwsgid.status.SiteState.*;

import io.uwsgid.os.ExitStatus;
import io.uwsgid.status.SiteState;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A site's whole supervisor as two tables: what each event does in each state ({@link #action}),
 * and which state may follow which ({@link #allowed}). {@link Site} dispatches each action to
 * {@link Starting}, {@link Reloading} or {@link Stopping}, which carry it out.
 */
final class Lifecycle {
    private Lifecycle() {}

    /** What reaches a site: an operator's request, a word or the exit of one of its generations, or time. */
    enum Event {
        START, STOP, RESTART,
        /** Reload onto the site's current file: HUP, uwsgictl reload, a changed file, a lost socket. */
        RELOAD,
        /** The current generation sent emperor byte 5 (it accepts requests) and runs as configured. */
        ACCEPTING,
        /** The generation a reload spawned accepts requests and runs as configured. */
        NEXT_ACCEPTING,
        /** The current generation's master exited. */
        EXITED,
        /** The master of the generation a reload spawned exited before it accepted. */
        NEXT_EXITED,
        /** The backoff delay is over. */
        RETRY_DUE,
        /** The last live process of the site has exited. */
        GONE,
        /** A generation an earlier uwsgid spawned was taken over, its ids checked. */
        ADOPTED,
        /** START of an on-demand site: bind, spawn nothing. */
        START_ON_DEMAND,
        /** A connection waits on the socket of an IDLE site. */
        DEMAND,
        /** An on-demand site has handled no request for its {@code idle} time. */
        IDLE_DUE
    }

    /** What a site does about an event. */
    enum Action {
        IGNORE,
        /** Spawn the current generation (binding sockets if none are held). */
        SPAWN,
        /** Forget earlier failures, then spawn: an operator asked. */
        SPAWN_AFRESH,
        /** Spawn again after a failure, counted as a crash restart. */
        RETRY,
        /** Ask every generation to stop; STOPPED at once when none is alive. */
        STOP_ALL,
        /** Stop, then start once every generation has exited. */
        STOP_THEN_START,
        /** A stop is under way: start once it is done. */
        START_WHEN_STOPPED,
        /** Spawn the next generation beside the serving one. */
        SPAWN_NEXT,
        /** A newer reload replaces the one under way. */
        REPLACE_NEXT,
        /** The current generation never accepted: retire it and spawn a new one. */
        RESPAWN,
        /** The current generation accepts: RUNNING. */
        STARTED,
        /** The current generation reloaded itself in place (kill -HUP of its pid) and accepts again. */
        RELOADED_IN_PLACE,
        /** The next generation takes over; the current one retires. */
        PROMOTE,
        /** The current generation died before accepting: BACKOFF or FATAL, by its exit. */
        START_FAILED,
        /** The serving generation ended: by the operator when it exited cleanly unasked, else a crash. */
        ENDED,
        /** The next generation died: the current one serves on. */
        ROLL_BACK,
        /** Nothing of the site runs any more. */
        STOPPED_ALL,
        /** The taken-over generation serves: RUNNING. */
        ADOPT,
        /** Bind the sockets, spawn nothing, watch them for a connection: IDLE. */
        PARK,
        /** Its file was re-read while IDLE (a reload, a start): bind what it says now and wait again (or spawn, if it is no longer on demand). */
        REPARK,
        /** Stop every generation, keeping the sockets: IDLE once they are gone. */
        STOP_TO_IDLE
    }

    /** One event as it reaches a site, with the generation and exit it is about, when it is about one. */
    record Occurrence(Event event, String why, Generation generation, ExitStatus exit, List<String> tail) {
        static Occurrence of(Event event, String why) {
            return new Occurrence(event, why, null, null, List.of());
        }

        static Occurrence about(Event event, Generation g) {
            return new Occurrence(event, g.toString(), g, null, List.of());
        }

        static Occurrence exit(Event event, Generation g, ExitStatus exit, List<String> tail) {
            return new Occurrence(event, g + " " + exit, g, exit, tail);
        }
    }

    // Rows are states, columns events; an event missing from a row is ignored in that state.
    private static final Map<SiteState, Map<Event, Action>> ACTIONS = new EnumMap<>(Map.of(
            STOPPED, Map.of(START, SPAWN, RESTART, SPAWN, START_ON_DEMAND, PARK, ADOPTED, ADOPT),
            STARTING, Map.of(STOP, STOP_ALL, RESTART, STOP_THEN_START, RELOAD, RESPAWN, ACCEPTING, STARTED, EXITED, START_FAILED),
            RUNNING, Map.of(STOP, STOP_ALL, RESTART, STOP_THEN_START, RELOAD, SPAWN_NEXT, ACCEPTING, RELOADED_IN_PLACE, EXITED, ENDED,
                    IDLE_DUE, STOP_TO_IDLE),
            RELOADING, Map.of(STOP, STOP_ALL, RESTART, STOP_THEN_START, RELOAD, REPLACE_NEXT, ACCEPTING, RELOADED_IN_PLACE,
                    EXITED, ENDED, NEXT_ACCEPTING, PROMOTE, NEXT_EXITED, ROLL_BACK),
            BACKOFF, Map.of(START, SPAWN_AFRESH, STOP, STOP_ALL, RESTART, SPAWN_AFRESH, RELOAD, SPAWN_AFRESH, RETRY_DUE, RETRY,
                    START_ON_DEMAND, SPAWN_AFRESH),
            STOPPING, Map.of(START, START_WHEN_STOPPED, RESTART, START_WHEN_STOPPED, GONE, STOPPED_ALL, START_ON_DEMAND, START_WHEN_STOPPED),
            FATAL, Map.of(START, SPAWN, STOP, STOP_ALL, RESTART, SPAWN, RELOAD, SPAWN, START_ON_DEMAND, PARK),
            // The first connection starts it; its sockets stay bound (and its queue kept) while it is idle.
            IDLE, Map.of(STOP, STOP_ALL, RESTART, SPAWN, RELOAD, REPARK, DEMAND, SPAWN, START, REPARK, START_ON_DEMAND, REPARK)));

    private static final Map<SiteState, Set<SiteState>> ALLOWED = new EnumMap<>(Map.of(
            STOPPED, EnumSet.of(STARTING, BACKOFF, FATAL, IDLE, RUNNING),
            STARTING, EnumSet.of(RUNNING, BACKOFF, FATAL, STOPPING, STOPPED, STARTING),
            RUNNING, EnumSet.of(RELOADING, STOPPING, STARTING, BACKOFF, STOPPED, FATAL),
            RELOADING, EnumSet.of(RUNNING, STOPPING, STARTING, BACKOFF, STOPPED, FATAL),
            BACKOFF, EnumSet.of(STARTING, BACKOFF, STOPPED, FATAL, STOPPING),
            STOPPING, EnumSet.of(STOPPED, IDLE),
            FATAL, EnumSet.of(STARTING, BACKOFF, STOPPED, FATAL, STOPPING, IDLE),
            IDLE, EnumSet.of(STARTING, STOPPED, FATAL, IDLE, BACKOFF)));

    static Action action(SiteState state, Event event) {
        return ACTIONS.get(state).getOrDefault(event, IGNORE);
    }

    static boolean allowed(SiteState from, SiteState to) {
        return ALLOWED.get(from).contains(to);
    }
}
