package io.uwsgid.os;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the processes of some process groups use, from one pass over /proc: each process's stat
 * file is read once, whatever the number of groups asked about, into one reused buffer.
 */
public final class ProcessGroups {
    /** /proc reports times in USER_HZ, which Linux fixes at 100 on every architecture it exposes it. */
    static final int TICKS_PER_SECOND = 100;
    private static final long PAGE_SIZE = pageSize();
    private static final long BOOT_TIME = bootTime();

    /**
     * One process group's live (non-zombie) processes: count, resident memory, and CPU time
     * including that of the children they reaped (so workers the master replaced still count).
     * {@code leaderStartSeconds}: when the group's leader started, in seconds since the epoch (0 if it is gone).
     */
    public record Usage(int processes, long residentBytes, double cpuSeconds, double leaderStartSeconds) {
        public static final Usage NONE = new Usage(0, 0, 0, 0);
    }

    private final byte[] buf = new byte[4096];
    /** Fields 3..24 of the stat file being read: f[k - 3] is field k (man 5 proc). */
    private final long[] f = new long[22];
    private final Map<Integer, long[]> acc = new HashMap<>();

    /** Sums every live process whose process group is in {@code pgids}. */
    public static Map<Integer, Usage> scan(Set<Integer> pgids) {
        return new ProcessGroups().collect(pgids);
    }

    private Map<Integer, Usage> collect(Set<Integer> pgids) {
        File[] entries = pgids.isEmpty() ? null : new File("/proc").listFiles();
        if (entries != null) {
            for (File e : entries) {
                String name = e.getName();
                if (!name.isEmpty() && name.charAt(0) >= '1' && name.charAt(0) <= '9') {
                    add(name, pgids);
                }
            }
        }
        Map<Integer, Usage> out = new HashMap<>();
        acc.forEach((pgid, a) -> out.put(pgid, new Usage((int) a[0], a[1] * PAGE_SIZE, (double) a[2] / TICKS_PER_SECOND,
                a[3] == 0 ? 0 : BOOT_TIME + (double) a[3] / TICKS_PER_SECOND)));
        return out;
    }

    private void add(String pid, Set<Integer> pgids) {
        int n = readStat(pid);
        if (n <= 0) {
            return;
        }
        int i = lastIndexOf(')', n) + 2;
        if (i < 2 || i >= n || buf[i] == 'Z') {
            return;
        }
        java.util.Arrays.fill(f, 0);
        for (int field = 3; field <= 24 && i < n; field++) {
            int start = i;
            while (i < n && buf[i] != ' ') {
                i++;
            }
            f[field - 3] = field == 3 ? 0 : parse(start, i);
            i++;
        }
        int pgid = (int) f[5 - 3];
        if (!pgids.contains(pgid)) {
            return;
        }
        long[] a = acc.computeIfAbsent(pgid, k -> new long[4]);
        a[0]++;
        a[1] += f[24 - 3];
        a[2] += f[14 - 3] + f[15 - 3] + f[16 - 3] + f[17 - 3];
        if (Integer.parseInt(pid) == pgid) {
            a[3] = f[22 - 3];
        }
    }

    private int readStat(String pid) {
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            int n = 0, r;
            while (n < buf.length && (r = in.read(buf, n, buf.length - n)) > 0) {
                n += r;
            }
            return n;
        } catch (IOException e) {
            return -1; // it exited meanwhile
        }
    }

    private int lastIndexOf(char c, int n) {
        for (int i = n - 1; i >= 0; i--) {
            if (buf[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private long parse(int from, int to) {
        long v = 0;
        boolean negative = from < to && buf[from] == '-';
        for (int i = negative ? from + 1 : from; i < to; i++) {
            v = v * 10 + (buf[i] - '0');
        }
        return negative ? -v : v;
    }

    private static long pageSize() {
        try {
            long size = Native.LIBC.sysconf(Native._SC_PAGESIZE);
            return size > 0 ? size : 4096;
        } catch (RuntimeException | LinkageError e) {
            return 4096;
        }
    }

    /** The btime line of /proc/stat: the boot, in seconds since the epoch. */
    private static long bootTime() {
        try {
            for (String line : Proc.read(Path.of("/proc/stat")).split("\n")) {
                if (line.startsWith("btime ")) {
                    return Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // start times read as 0 below
        }
        return 0;
    }
}
