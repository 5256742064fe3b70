package io.uwsgid.doctor;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Cgroups;
import io.uwsgid.os.SiteCgroup;
import io.uwsgid.os.StrictModes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A site's limits (memory-max, pids-max, cpu-weight) need a cgroup controller each: one this host
 * does not offer is an error, or a warning where uwsgid.ini allows sites to run without it.
 */
final class LimitsCheck {
    private LimitsCheck() {}

    static List<Finding> run(SiteConfig site, DaemonConfig daemon, Cgroups host) {
        List<Finding> out = new ArrayList<>();
        if (!site.own().limits().any()) {
            return out;
        }
        Map<String, String> missing = host.missing(site.own().limits());
        for (Map.Entry<String, String> m : missing.entrySet()) {
            Option at = last(site, m.getKey());
            String what = at.key() + " = " + at.value() + " needs the cgroup " + m.getValue() + " controller, which this host does not offer ("
                    + host.describe() + ")";
            out.add(daemon.allowUnlimited()
                    ? Finding.warning(at, what + "; the site runs without this limit (allow-unlimited = true)", null)
                    : Finding.error(at, what, "enable the " + m.getValue() + " controller (cgroup v2: Delegate=yes in the unit; v1: mount it),"
                            + " or set allow-unlimited = true in uwsgid.ini to run the site without this limit"));
        }
        if (host.version() != Cgroups.Version.NONE) {
            StrictModes.problem(SiteCgroup.SHELL).ifPresent(p -> out.add(new Finding(Severity.ERROR, SiteCgroup.SHELL, 0,
                    p.message() + " (it moves the site's processes into their cgroup)", p.fix())));
        }
        return out;
    }

    private static Option last(SiteConfig site, String key) {
        Option found = null;
        for (Option o : site.options()) {
            if (o.key().equals(key)) {
                found = o;
            }
        }
        return found;
    }
}
