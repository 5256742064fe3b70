package io.uwsgid.site;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Proc;
import java.util.List;
import java.util.Optional;

/**
 * The check every generation passes before it counts as running: each of its processes, as
 * /proc tells, runs as the site's user and group (real and effective), with no_new_privs set
 * and no effective capability. What the exec chain (setpriv, chroot --userspec) should have
 * done is verified, not assumed.
 */
final class Identities {
    private Identities() {}

    /** What is wrong, naming the pid and what it has against what it should have; empty when every process is as configured. */
    static Optional<String> breach(SiteConfig.Identity want, List<Proc.Status> processes) {
        if (processes.isEmpty()) {
            return Optional.of("no process of the generation could be read in /proc");
        }
        for (Proc.Status p : processes) {
            String found = null;
            if (p.uid() != want.uid() || p.euid() != want.uid()) {
                found = "uid " + p.uid() + " (effective " + p.euid() + "), not " + want.user() + " (" + want.uid() + ")";
            } else if (p.gid() != want.gid() || p.egid() != want.gid()) {
                found = "gid " + p.gid() + " (effective " + p.egid() + "), not " + want.group() + " (" + want.gid() + ")";
            } else if (!p.noNewPrivs()) {
                found = "no_new_privs is not set";
            } else if (p.capEff() != 0) {
                found = "effective capabilities " + Long.toHexString(p.capEff()) + ", not none";
            }
            if (found != null) {
                return Optional.of("pid " + p.pid() + " runs with " + found);
            }
        }
        return Optional.empty();
    }
}
