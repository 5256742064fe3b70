package io.uwsgid.site;

import io.uwsgid.config.CgroupLimits;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.ChildSpec;
import io.uwsgid.os.Cgroups;
import io.uwsgid.os.Kernel;
import io.uwsgid.os.OsException;
import io.uwsgid.os.SiteCgroup;
import io.uwsgid.os.StrictModes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's generations in cgroups of their own, for a site with {@code memory-max},
 * {@code pids-max} or {@code cpu-weight}: made before the spawn, joined by the child before it
 * drops root, and emptied with SIGKILL when the generation ends, so nothing it forked outlives it.
 */
final class Confinement {
    private static final Logger LOG = LoggerFactory.getLogger(Confinement.class);
    private final String site;
    private final Kernel kernel;
    /** Cgroups of ended generations that still held a dying process; emptied and removed on later ticks. */
    private final List<SiteCgroup> dying = new ArrayList<>();

    Confinement(String site, Kernel kernel) {
        this.site = site;
        this.kernel = kernel;
    }

    /** Generation {@code gen}'s cgroup, or null for a site without limits (or one allowed to run without them here). */
    SiteCgroup create(DaemonConfig daemon, SiteConfig config, int gen) throws OsException {
        CgroupLimits limits = config.own().limits();
        if (!limits.any()) {
            return null;
        }
        Cgroups host = kernel.cgroups();
        Map<String, String> missing = host.missing(limits);
        if (!missing.isEmpty()) {
            String what = "this host has no cgroup controller for " + missing + " (" + host.describe() + ")";
            if (!daemon.allowUnlimited()) {
                throw new OsException(1, what + "; enable the controller, or set allow-unlimited = true in uwsgid.ini to run it without");
            }
            LOG.warn("{} - runs without {}: {}, and allow-unlimited = true", site, missing.keySet(), what);
        }
        if (host.version() == Cgroups.Version.NONE) {
            return null;
        }
        return host.create(daemon.cgroup(), site, gen, limits);
    }

    /** {@code spec} with the cgroup's join in front: {@code /bin/sh -c JOIN ... -- /usr/bin/setpriv ...}. */
    static ChildSpec wrap(ChildSpec spec, SiteCgroup cg) throws OsException {
        if (cg == null) {
            return spec;
        }
        StrictModes.check(SiteCgroup.SHELL);
        List<String> argv = new ArrayList<>(cg.joinChain());
        argv.add(spec.path()); // the absolute path StrictModes checked, not a name for the site's PATH to resolve
        argv.addAll(spec.argv().subList(1, spec.argv().size()));
        return new ChildSpec(spec.site(), SiteCgroup.SHELL.toString(), argv, spec.env(), spec.sockets(), spec.log());
    }

    /** Kills every process of the generation's cgroup now (its mercy time is over, or it was refused). */
    void kill(SiteCgroup cg) {
        if (cg != null && !cg.kill()) {
            LOG.warn("{} - processes of cgroup {} survive SIGKILL for now; trying again", site, cg);
        }
    }

    /**
     * The generation has ended: whatever is left in its cgroup (a double-forked grandchild, a
     * worker that ignored its stop) is killed, and the cgroup removed once empty.
     */
    void finish(SiteCgroup cg) {
        if (cg == null) {
            return;
        }
        List<Integer> left = cg.pids();
        if (!left.isEmpty()) {
            LOG.info("{} - killing {} process(es) left in cgroup {} after its generation ended: {}", site, left.size(), cg, left);
        }
        if (!(cg.kill() && cg.remove())) {
            dying.add(cg);
        }
    }

    /** Once a tick: empties and removes the cgroups that still held a process. */
    void sweep() {
        dying.removeIf(cg -> cg.kill() && cg.remove());
    }
}
