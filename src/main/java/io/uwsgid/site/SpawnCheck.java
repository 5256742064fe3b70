package io.uwsgid.site;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.SiteConfig;
import java.util.List;

/**
 * What must hold before a site's generation is spawned (in uwsgid, the cheap part of {@code
 * uwsgictl check}). Given to each site rather than known by it, so that the state machine does
 * not depend on the checks and tests can choose theirs.
 */
@FunctionalInterface
public interface SpawnCheck {
    /** Checks nothing: every site may spawn. */
    SpawnCheck NONE = (site, daemon) -> List.of();

    /** One line per reason not to spawn, in the words an operator reads; empty when the site may spawn. */
    List<String> refusals(SiteConfig site, DaemonConfig daemon);
}
