package io.uwsgid.os;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads /proc. Through FileInputStream on purpose: java.nio's Files.readString trusts the size a
 * proc file reports and returned "4" for net.core.somaxconn = 4096 on this kernel.
 */
public final class Proc {
    /** The identity and privileges of a process, from /proc/PID/status. */
    public record Status(int pid, int uid, int euid, int gid, int egid, List<Integer> groups, boolean noNewPrivs, long capEff) {}

    private Proc() {}

    public static String read(Path file) throws IOException {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static Status status(int pid) throws IOException {
        int[] uid = {-1, -1}, gid = {-1, -1};
        List<Integer> groups = List.of();
        boolean nnp = false;
        long capEff = -1;
        for (String line : read(Path.of("/proc/" + pid + "/status")).split("\n")) {
            String[] f = line.split("\\s+");
            switch (f[0]) {
                case "Uid:" -> uid = new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])};
                case "Gid:" -> gid = new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])};
                case "Groups:" -> groups = Arrays.stream(f).skip(1).map(Integer::valueOf).toList();
                case "NoNewPrivs:" -> nnp = f[1].equals("1");
                case "CapEff:" -> capEff = Long.parseUnsignedLong(f[1], 16);
                default -> { }
            }
        }
        return new Status(pid, uid[0], uid[1], gid[0], gid[1], groups, nnp, capEff);
    }

    private static final boolean CHILDREN_FILES = Files.exists(Path.of("/proc/self/task/" + ProcessHandle.current().pid() + "/children"));

    /**
     * The live processes of the group {@code leader} leads, found from it: a uWSGI master and its
     * workers, through /proc/PID/task/TID/children, a handful of reads where {@link #processGroup}
     * reads every process of the host (at 100 sites, starting them read /proc 100 times over). A
     * kernel without children files (CONFIG_PROC_CHILDREN) gets {@link #processGroup}.
     */
    public static List<Integer> groupFromLeader(int leader) {
        if (!CHILDREN_FILES) {
            return processGroup(leader);
        }
        List<Integer> out = new ArrayList<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(leader));
        while (!todo.isEmpty()) {
            int pid = todo.poll();
            if (pgidOf(Integer.toString(pid)) != leader) {
                continue; // gone, or left the group (setsid)
            }
            out.add(pid);
            File[] tasks = new File("/proc/" + pid + "/task").listFiles();
            for (File task : tasks == null ? new File[0] : tasks) {
                try {
                    for (String child : read(task.toPath().resolve("children")).trim().split(" ")) {
                        if (!child.isEmpty()) {
                            todo.add(Integer.parseInt(child));
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // the task ended while we looked
                }
            }
        }
        return out;
    }

    /** Every live process whose process group is {@code pgid}: a site's uWSGI master and its workers. */
    public static List<Integer> processGroup(int pgid) {
        List<Integer> out = new ArrayList<>();
        File[] entries = new File("/proc").listFiles();
        if (entries == null) {
            return out;
        }
        for (File e : entries) {
            String name = e.getName();
            if (!name.isEmpty() && Character.isDigit(name.charAt(0)) && pgidOf(name) == pgid) {
                out.add(Integer.parseInt(name));
            }
        }
        return out;
    }

    /**
     * When a live process started (field 22 of /proc/PID/stat, in clock ticks since boot), so that
     * a pid that was reused is told apart; -1 for a zombie or a process that is gone.
     */
    public static long startTime(int pid) {
        try {
            String stat = read(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return f[0].equals("Z") ? -1 : Long.parseLong(f[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Field 5 of /proc/PID/stat, after the parenthesised command name (which may hold spaces). */
    private static int pgidOf(String pid) {
        try {
            String stat = read(Path.of("/proc", pid, "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return f[0].equals("Z") ? -1 : Integer.parseInt(f[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
