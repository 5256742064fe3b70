package io.uwsgid.status;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A site's life. Every change goes through {@link Site}'s one transition method, which checks this table. */
public enum SiteState {
    /** Not wanted up (never started, stopped by the operator, or removed). */
    STOPPED,
    /** A generation is spawned and has not said it accepts requests yet. */
    STARTING,
    /** The current generation accepts requests. */
    RUNNING,
    /** The current generation serves while the next one starts on the same socket. */
    RELOADING,
    /** Failed fast; waits before the next try, longer each time up to a cap. */
    BACKOFF,
    /** Asked to stop gracefully; killed when its mercy time runs out. */
    STOPPING,
    /** Cannot run until its file changes or an operator starts it again. */
    FATAL;

    private static final Map<SiteState, Set<SiteState>> ALLOWED = Map.of(
            STOPPED, EnumSet.of(STARTING, BACKOFF, FATAL),
            STARTING, EnumSet.of(RUNNING, BACKOFF, FATAL, STOPPING, STOPPED, STARTING),
            RUNNING, EnumSet.of(RELOADING, STOPPING, STARTING, BACKOFF, STOPPED, FATAL),
            RELOADING, EnumSet.of(RUNNING, STOPPING, STARTING, BACKOFF, STOPPED, FATAL),
            BACKOFF, EnumSet.of(STARTING, BACKOFF, STOPPED, FATAL, STOPPING),
            STOPPING, EnumSet.of(STOPPED),
            FATAL, EnumSet.of(STARTING, BACKOFF, STOPPED, FATAL, STOPPING));

    /** States in which a generation of the site may be alive. */
    public static final Set<SiteState> ALIVE = EnumSet.of(STARTING, RUNNING, RELOADING, STOPPING);

    public boolean canBecome(SiteState next) {
        return ALLOWED.get(this).contains(next);
    }
}
