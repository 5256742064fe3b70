package io.uwsgid.os;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The exec chain that drops root before anything of a site runs: setpriv sets the ids and groups,
 * forbids gaining privileges again and clears every capability, then execs the program after
 * {@code --}. The daemon spawns uWSGI through it; uwsgictl check runs its probes through it, so
 * they see the file system exactly as the site will.
 */
public final class Setpriv {
    /** The whole environment of a program run after the drop: the daemon's own never reaches a site. */
    public static final List<String> ENV = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8");
    /** What enters a jailed site's chroot and drops to its ids (coreutils). */
    public static final Path CHROOT = Path.of("/usr/sbin/chroot");

    private Setpriv() {}

    /**
     * @param groups supplementary groups; null means the user's own (initgroups), empty means none
     * @return {@code setpriv ... --}, to be followed by the program and its arguments
     */
    public static List<String> args(int uid, int gid, List<Integer> groups) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid));
        if (groups == null) {
            argv.add("--init-groups");
        } else if (groups.isEmpty()) {
            argv.add("--clear-groups");
        } else {
            argv.add("--groups=" + groups.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        argv.addAll(List.of("--no-new-privs", "--inh-caps=-all", "--bounding-set=-all", "--"));
        return argv;
    }
}
