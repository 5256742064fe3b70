package io.uwsgid.status;

import java.util.EnumSet;
import java.util.Set;

/** A site's life, as status and metrics show it. Which state may follow which is site/Lifecycle's table. */
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
    FATAL,
    /** An on-demand site with its sockets bound and nothing spawned: the first connection starts it. */
    IDLE;

    /** States in which a generation of the site may be alive. */
    public static final Set<SiteState> ALIVE = EnumSet.of(STARTING, RUNNING, RELOADING, STOPPING);
}
