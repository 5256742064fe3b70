package io.uwsgid.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * cgroup v2's rules for making a site's cgroup: a controller reaches a cgroup only when every
 * cgroup above it lists it in cgroup.subtree_control, and a cgroup that does so may hold no
 * process of its own ("no internal processes"). So uwsgid first moves itself from its own cgroup
 * into a leaf beside the sites' (as a delegated systemd service does), then enables the
 * controllers down to the site.
 */
final class CgroupV2 {
    /** The leaf, in uwsgid's own cgroup, that uwsgid moves itself into. */
    static final String DAEMON_LEAF = "uwsgid.daemon";

    private CgroupV2() {}

    /** @return the site's directory, which hands the controllers on to the generations made in it */
    static Path prepare(Path own, Set<String> controllers, String base, String site) throws IOException {
        String enable = controllers.stream().map(c -> "+" + c).collect(Collectors.joining(" "));
        if (!isRoot(own)) {
            leaveOwn(own);
        }
        Path b = own.resolve(base), s = b.resolve(site);
        for (Path p : List.of(own, b, s)) {
            Files.createDirectories(p);
            if (!enable.isEmpty()) {
                Files.writeString(p.resolve("cgroup.subtree_control"), enable);
            }
        }
        return s;
    }

    /** The root cgroup may hold processes and enable controllers at once. */
    private static boolean isRoot(Path own) {
        return !Files.exists(own.resolve("cgroup.type"));
    }

    private static void leaveOwn(Path own) throws IOException {
        List<String> procs = Files.readAllLines(own.resolve("cgroup.procs")).stream().filter(l -> !l.isBlank()).toList();
        if (procs.isEmpty()) {
            return;
        }
        Path leaf = Files.createDirectories(own.resolve(DAEMON_LEAF));
        for (String pid : procs) {
            try {
                Files.writeString(leaf.resolve("cgroup.procs"), pid.trim());
            } catch (IOException e) {
                // gone meanwhile; the write of subtree_control says if anything is left
            }
        }
    }
}
