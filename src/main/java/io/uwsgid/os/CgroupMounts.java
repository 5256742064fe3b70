package io.uwsgid.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Finds the cgroup hierarchies from /proc/self/mountinfo and the cgroup this process is in from
 * /proc/self/cgroup. v2 wins when it offers any of the controllers uwsgid uses; else the v1
 * hierarchies of memory, pids and cpu.
 */
final class CgroupMounts {
    private CgroupMounts() {}

    record Mount(String fstype, String root, Path point, Set<String> options) {}

    static Cgroups detect(Path mountinfo, Path self, IntConsumer killer) {
        try {
            return choose(mounts(Files.readAllLines(mountinfo)), membership(Files.readAllLines(self)), killer);
        } catch (IOException | RuntimeException e) {
            return Cgroups.none();
        }
    }

    static Cgroups choose(List<Mount> mounts, Map<String, String> member, IntConsumer killer) throws IOException {
        for (Mount m : mounts) {
            if (m.fstype().equals("cgroup2") && member.containsKey("")) {
                Path own = under(m, member.get(""));
                Path list = own.resolve("cgroup.controllers");
                Set<String> offered = Files.exists(list) ? new HashSet<>(List.of(Files.readString(list).trim().split("\\s+"))) : Set.of();
                offered.retainAll(Cgroups.CONTROLLERS);
                if (!offered.isEmpty()) {
                    return Cgroups.v2(own, Cgroups.ordered(offered), killer);
                }
            }
        }
        Map<String, Path> v1 = new LinkedHashMap<>();
        for (String c : Cgroups.CONTROLLERS) {
            for (Mount m : mounts) {
                if (m.fstype().equals("cgroup") && m.options().contains(c) && member.containsKey(c) && !v1.containsKey(c)) {
                    v1.put(c, under(m, member.get(c)));
                }
            }
        }
        return v1.isEmpty() ? Cgroups.none() : Cgroups.v1(v1, killer);
    }

    /** The directory of cgroup {@code path} (as /proc/self/cgroup names it) in a mount of its hierarchy. */
    private static Path under(Mount m, String path) {
        String rel = path;
        if (!m.root().equals("/") && (rel.equals(m.root()) || rel.startsWith(m.root() + "/"))) {
            rel = rel.substring(m.root().length());
        }
        rel = rel.replaceAll("^/+", "");
        return rel.isEmpty() ? m.point() : m.point().resolve(rel);
    }

    /** mountinfo: ID PARENT MAJ:MIN ROOT POINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER_OPTIONS */
    static List<Mount> mounts(List<String> lines) {
        return lines.stream().map(l -> l.split(" ")).filter(f -> f.length > 6).map(f -> {
            int dash = List.of(f).indexOf("-");
            if (dash < 0 || dash + 3 >= f.length) {
                return null;
            }
            return new Mount(f[dash + 1], unescape(f[3]), Path.of(unescape(f[4])), Set.of(f[dash + 3].split(",")));
        }).filter(m -> m != null && (m.fstype().equals("cgroup") || m.fstype().equals("cgroup2"))).toList();
    }

    /** /proc/self/cgroup: ID:CONTROLLERS:PATH; the v2 line has no controllers and is keyed "" here. */
    static Map<String, String> membership(List<String> lines) {
        Map<String, String> out = new HashMap<>();
        for (String l : lines) {
            String[] f = l.split(":", 3);
            if (f.length == 3) {
                if (f[1].isEmpty()) {
                    out.put("", f[2]);
                } else {
                    for (String c : f[1].split(",")) {
                        out.put(c, f[2]);
                    }
                }
            }
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
