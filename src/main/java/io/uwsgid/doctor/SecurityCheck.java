package io.uwsgid.doctor;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.Setpriv;
import io.uwsgid.os.SocketSpec;
import io.uwsgid.os.StrictModes;
import io.uwsgid.os.Users;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The security policy: the programs root runs before the drop (and a jail it relies on) are
 * root's alone (StrictModes), a site names its group, runs as root only when uwsgid.ini allows
 * it, and its socket does not let every local user past nginx. (No uid, and root without
 * allow-root, are refused when the file is loaded.)
 */
final class SecurityCheck {
    private SecurityCheck() {}

    static List<Finding> run(SiteConfig site, DaemonConfig daemon) {
        List<Finding> out = new ArrayList<>();
        for (Path program : List.of(daemon.uwsgi(), daemon.setpriv())) {
            StrictModes.problem(program).ifPresent(p -> out.add(new Finding(Severity.ERROR, program, 0, p.message(), p.fix())));
        }
        List<Option> options = site.options();
        SiteConfig.Identity id = site.identity();
        Optional<Option> uid = SiteOptions.last(options, "uid");
        if (uid.isPresent() && id.uid() >= 0 && SiteOptions.last(options, "gid").isEmpty()) {
            out.add(Finding.warning(uid.get(), "no gid: plain uWSGI would keep root's group (gid 0) after dropping to " + id.user()
                    + "; uwsgid uses its primary group " + id.group(), "add gid = " + id.group()));
        }
        if (uid.isPresent() && (id.uid() == 0 || id.gid() == 0) && daemon.allowRoot()) {
            out.add(Finding.warning(uid.get(), "the site runs as root (uid " + id.uid() + ", gid " + id.gid() + "): allow-root = true in uwsgid.ini lets it",
                    "run it as an unprivileged user such as " + daemon.nginxUser()));
        }
        if (id.chroot() != null) {
            Option at = SiteOptions.last(options, "chroot").orElse(uid.orElse(null));
            StrictModes.problem(Setpriv.CHROOT).ifPresent(p -> out.add(new Finding(Severity.ERROR, Setpriv.CHROOT, 0, p.message(), p.fix())));
            StrictModes.directoryProblem(id.chroot()).ifPresent(p -> out.add(Finding.error(at, p.message(), p.fix())));
        }
        socketModes(site, daemon, out);
        return out;
    }

    /** Connecting to a unix socket takes write permission: read and execute bits grant nothing, so 644 is narrower than 660. */
    private static void socketModes(SiteConfig site, DaemonConfig daemon, List<Finding> out) {
        Option at = SiteOptions.last(site.options(), "chmod-socket").orElse(null);
        for (SocketSpec s : site.sockets()) {
            if (s.isUnix() && (s.mode() & 0002) != 0) {
                Option where = at != null ? at : site.options().stream().filter(o -> o.key().equals(s.option()) && o.value().equals(s.address()))
                        .findFirst().orElseThrow();
                String nginxGroup = Users.user(daemon.nginxUser()).flatMap(u -> Users.group(Integer.toString(u.gid()))).map(Users.Grp::name)
                        .orElse(daemon.nginxUser());
                out.add(Finding.warning(where, "socket " + s.address() + " gets mode " + String.format("%04o", s.mode())
                        + ": every local user can connect to the site, bypassing nginx", "chmod-socket = 660 with chown-socket = "
                        + site.identity().user() + ":" + nginxGroup + " (or chmod-socket = 600 with chown-socket = " + daemon.nginxUser() + ")"));
            }
        }
    }
}
