package io.uwsgid.os;

import io.uwsgid.config.CgroupLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * One generation's cgroup: a directory in the v2 hierarchy, or one per v1 controller hierarchy.
 * Its processes join it before anything of the site runs (see {@link #joinChain}), so every
 * worker, and every process they fork or double-fork, is in it until it dies.
 */
public final class SiteCgroup {
    /**
     * The root-owned first step of the exec chain: moves itself into each cgroup.procs file named
     * before {@code --}, then execs the rest. Paths travel as arguments, never inside the script.
     */
    static final String JOIN = "for f; do if [ \"$f\" = -- ]; then shift; exec \"$@\"; fi; "
            + "echo $$ > \"$f\" || { echo \"uwsgid: cannot move pid $$ into $f\" >&2; exit 125; }; shift; done; exit 125";
    /** The shell that runs {@link #JOIN}; it runs as root, so StrictModes applies to it. */
    public static final Path SHELL = Path.of("/bin/sh");
    /** Passes of kill over cgroup.procs per call: a fork between reading the list and the kill is caught by the next pass. */
    private static final int KILL_PASSES = 20;

    private final boolean v2;
    private final List<Path> dirs;
    private final IntConsumer killer;

    SiteCgroup(boolean v2, List<Path> dirs, IntConsumer killer) {
        this.v2 = v2;
        this.dirs = List.copyOf(dirs);
        this.killer = killer;
    }

    void make() throws OsException {
        for (Path d : dirs) {
            if (Files.isDirectory(d)) {
                kill();
                remove();
            }
            try {
                Files.createDirectories(d.getParent()); // removing a leftover may have taken empty parents with it
                Files.createDirectory(d);
            } catch (IOException e) {
                throw new OsException(1, "cannot make cgroup " + d + ": " + e);
            }
        }
    }

    void limit(CgroupLimits l, Cgroups host) throws OsException {
        if (l.memoryMax() > 0) {
            Optional<Path> d = host.dirOf(dirs, "memory");
            if (d.isPresent()) {
                write(d.get(), v2 ? "memory.max" : "memory.limit_in_bytes", Long.toString(l.memoryMax()));
                // memory-max holds RAM and swap together: a hog is killed, not swapped out slowly.
                writeIfThere(d.get(), v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes", v2 ? "0" : Long.toString(l.memoryMax()));
            }
        }
        if (l.pidsMax() > 0) {
            Optional<Path> d = host.dirOf(dirs, "pids");
            if (d.isPresent()) {
                write(d.get(), "pids.max", Long.toString(l.pidsMax()));
            }
        }
        if (l.cpuWeight() > 0) {
            Optional<Path> d = host.dirOf(dirs, "cpu");
            if (d.isPresent()) {
                // v1's cpu.shares is 1024 where v2's cpu.weight is 100.
                write(d.get(), v2 ? "cpu.weight" : "cpu.shares", Long.toString(v2 ? l.cpuWeight() : Math.max(2, l.cpuWeight() * 1024L / 100)));
            }
        }
    }

    private static void write(Path dir, String file, String value) throws OsException {
        try {
            Files.writeString(dir.resolve(file), value);
        } catch (IOException e) {
            throw new OsException(1, "cannot write " + value + " to " + dir.resolve(file) + ": " + e);
        }
    }

    private static void writeIfThere(Path dir, String file, String value) throws OsException {
        if (Files.exists(dir.resolve(file))) {
            write(dir, file, value);
        }
    }

    /** {@code /bin/sh -c JOIN uwsgid-join PROCS... --}: to be followed by the program that drops privileges. */
    public List<String> joinChain() {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", JOIN, "uwsgid-join"));
        dirs.forEach(d -> argv.add(d.resolve("cgroup.procs").toString()));
        argv.add("--");
        return argv;
    }

    /**
     * SIGKILLs every process in the cgroup: cgroup.kill on v2 (the kernel kills every one, forks
     * racing it included), else every pid in cgroup.procs, pass after pass until it is empty.
     * @return whether it is empty now
     */
    public boolean kill() {
        Path d = dirs.get(0);
        if (v2 && Files.exists(d.resolve("cgroup.kill"))) {
            try {
                Files.writeString(d.resolve("cgroup.kill"), "1");
            } catch (IOException e) {
                // gone already, or an old kernel: the passes below do it
            }
        }
        for (int pass = 0; pass < KILL_PASSES; pass++) {
            List<Integer> pids = pids();
            if (pids.isEmpty()) {
                return true;
            }
            pids.forEach(killer::accept);
        }
        return pids().isEmpty();
    }

    /**
     * Removes the cgroup's directories, and the site's and uwsgid's above them once nothing else
     * is in them; false while a process (a dying one included) is still in the generation's.
     */
    public boolean remove() {
        boolean all = true;
        for (Path d : dirs) {
            try {
                Files.deleteIfExists(d);
                removeIfEmpty(d.getParent());
                removeIfEmpty(d.getParent().getParent());
            } catch (IOException e) {
                all = false;
            }
        }
        return all;
    }

    /** rmdir fails on a cgroup that still has a child cgroup or a process: then it stays. */
    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // another generation or site is still in it
        }
    }

    public List<Integer> pids() {
        try {
            return Files.readAllLines(dirs.get(0).resolve("cgroup.procs")).stream().filter(l -> !l.isBlank())
                    .map(l -> Integer.parseInt(l.trim())).toList();
        } catch (IOException | NumberFormatException e) {
            return List.of();
        }
    }

    /** What the cgroup says it uses: memory now and its limit, OOM kills, processes now and their limit; -1 where unknown. */
    public Usage usage(Cgroups host) {
        Optional<Path> mem = host.dirOf(dirs, "memory"), pids = host.dirOf(dirs, "pids");
        long current = mem.map(d -> number(d, v2 ? "memory.current" : "memory.usage_in_bytes")).orElse(-1L);
        long max = mem.map(d -> number(d, v2 ? "memory.max" : "memory.limit_in_bytes")).orElse(-1L);
        long ooms = mem.map(d -> field(d, v2 ? "memory.events" : "memory.oom_control", "oom_kill")).orElse(-1L);
        long procs = pids.map(d -> number(d, "pids.current")).orElse(-1L);
        long procsMax = pids.map(d -> number(d, "pids.max")).orElse(-1L);
        return new Usage(current, max, ooms, procs, procsMax);
    }

    /** @param memoryMax and {@code pidsMax}: -1 when unlimited or unknown */
    public record Usage(long memoryBytes, long memoryMax, long oomKills, long pids, long pidsMax) {}

    private static long number(Path dir, String file) {
        try {
            String v = Files.readString(dir.resolve(file)).trim();
            long n = v.equals("max") ? -1 : Long.parseLong(v);
            return n >= Long.MAX_VALUE / 2 ? -1 : n; // v1 writes "no limit" as a huge number
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static long field(Path dir, String file, String key) {
        try {
            for (String l : Files.readAllLines(dir.resolve(file))) {
                String[] kv = l.trim().split("\\s+");
                if (kv.length == 2 && kv[0].equals(key)) {
                    return Long.parseLong(kv[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return -1;
    }

    @Override
    public String toString() {
        return dirs.size() == 1 ? dirs.get(0).toString() : dirs.toString();
    }
}
