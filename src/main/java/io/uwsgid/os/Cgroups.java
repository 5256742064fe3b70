package io.uwsgid.os;

import io.uwsgid.config.CgroupLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Where this host lets uwsgid put a site's generations into cgroups of their own: cgroup v2 when
 * the memory, pids or cpu controller is on the unified hierarchy, else the v1 hierarchies of
 * those controllers (CentOS 7; a hybrid host with v2 mounted but no controller on it). Each
 * generation gets {@code OWN/BASE/SITE/GEN}, where OWN is the cgroup uwsgid runs in and BASE
 * uwsgid.ini's {@code cgroup}. Only root writes under /sys/fs/cgroup, so plain file writes are safe.
 */
public final class Cgroups {
    public enum Version { V1, V2, NONE }

    /** The controllers a site's limits use, by the option that needs each. */
    public static final Map<String, String> CONTROLLER_OF = Map.of("memory-max", "memory", "pids-max", "pids", "cpu-weight", "cpu");
    static final List<String> CONTROLLERS = List.of("memory", "pids", "cpu");
    private static Cgroups host;

    final Version version;
    /** v2: the one cgroup uwsgid runs in; v1: the cgroup it runs in, per controller hierarchy. */
    final Map<String, Path> own;
    final Set<String> available;
    final IntConsumer killer;

    Cgroups(Version version, Map<String, Path> own, Set<String> available, IntConsumer killer) {
        this.version = version;
        this.own = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(own));
        this.available = java.util.Collections.unmodifiableSet(ordered(available));
        this.killer = killer;
    }

    /** This host's, read once from /proc/self/mountinfo and /proc/self/cgroup. */
    public static synchronized Cgroups host() {
        if (host == null) {
            host = CgroupMounts.detect(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"), pid -> Native.LIBC.kill(pid, Signals.KILL));
        }
        return host;
    }

    public static Cgroups none() {
        return new Cgroups(Version.NONE, Map.of(), Set.of(), pid -> { });
    }

    /** A v1 host: {@code own} maps each mounted controller to the directory of uwsgid's cgroup in its hierarchy. */
    public static Cgroups v1(Map<String, Path> own, IntConsumer killer) {
        Map<String, Path> inOrder = new LinkedHashMap<>();
        CONTROLLERS.stream().filter(own::containsKey).forEach(c -> inOrder.put(c, own.get(c)));
        return new Cgroups(Version.V1, inOrder, own.keySet(), killer);
    }

    /** A v2 host: uwsgid runs in {@code own}, whose cgroup.controllers offers {@code controllers}. */
    public static Cgroups v2(Path own, Set<String> controllers, IntConsumer killer) {
        return new Cgroups(Version.V2, Map.of("", own), controllers, killer);
    }

    public Version version() {
        return version;
    }

    /** The options of {@code limits} that need a controller this host does not offer, with the controller's name. */
    public Map<String, String> missing(CgroupLimits limits) {
        Map<String, String> out = new LinkedHashMap<>();
        need(out, limits.memoryMax() > 0, "memory-max");
        need(out, limits.pidsMax() > 0, "pids-max");
        need(out, limits.cpuWeight() > 0, "cpu-weight");
        return out;
    }

    private void need(Map<String, String> out, boolean wanted, String option) {
        String controller = CONTROLLER_OF.get(option);
        if (wanted && !available.contains(controller)) {
            out.put(option, controller);
        }
    }

    /** What an operator reads: which version, which controllers, where. */
    public String describe() {
        return switch (version) {
            case NONE -> "no cgroup hierarchy with the memory, pids or cpu controller";
            case V2 -> "cgroup v2 at " + own.get("") + " with " + String.join(", ", available);
            case V1 -> "cgroup v1: " + String.join(", ", own.entrySet().stream().map(e -> e.getKey() + " at " + e.getValue()).sorted().toList());
        };
    }

    /**
     * Makes generation {@code gen}'s cgroup with {@code limits} (those this host can enforce); one
     * left over from an earlier daemon with the same name is emptied and made again.
     */
    public SiteCgroup create(String base, String site, int gen, CgroupLimits limits) throws OsException {
        List<Path> dirs = new ArrayList<>();
        try {
            if (version == Version.V2) {
                dirs.add(CgroupV2.prepare(own.get(""), available, base, site));
            } else {
                for (Map.Entry<String, Path> e : own.entrySet()) {
                    dirs.add(Files.createDirectories(e.getValue().resolve(base).resolve(site)));
                }
            }
        } catch (IOException e) {
            throw new OsException(1, "cannot make the cgroup of site " + site + " under " + describe() + ": " + e.getMessage());
        }
        SiteCgroup cg = new SiteCgroup(version == Version.V2, dirs.stream().map(d -> d.resolve(Integer.toString(gen))).toList(), killer);
        cg.make();
        cg.limit(limits, this);
        return cg;
    }

    /** Generation {@code gen}'s cgroup if it exists (for usage, read off the loop thread). */
    public Optional<SiteCgroup> find(String base, String site, int gen) {
        List<Path> dirs = new ArrayList<>();
        for (Path o : own.values()) {
            Path d = o.resolve(base).resolve(site).resolve(Integer.toString(gen));
            if (Files.isDirectory(d)) {
                dirs.add(d);
            }
        }
        return dirs.isEmpty() ? Optional.empty() : Optional.of(new SiteCgroup(version == Version.V2, dirs, killer));
    }

    /** The directory of a controller's hierarchy under {@code dirs} (v2: the one directory). */
    Optional<Path> dirOf(List<Path> dirs, String controller) {
        if (version == Version.V2) {
            return available.contains(controller) ? Optional.of(dirs.get(0)) : Optional.empty();
        }
        Path root = own.get(controller);
        return root == null ? Optional.empty() : dirs.stream().filter(d -> d.startsWith(root)).findFirst();
    }

    static Set<String> ordered(Set<String> controllers) {
        Set<String> out = new LinkedHashSet<>();
        CONTROLLERS.stream().filter(controllers::contains).forEach(out::add);
        return out;
    }
}
