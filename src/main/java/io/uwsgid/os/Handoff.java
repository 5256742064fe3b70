package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Descriptors one uwsgid hands to the next, each under a name (systemd's FDNAME rules: printable,
 * no ':', at most 255 characters), by one of two roads: systemd's file descriptor store, which
 * gives them back to the next process as LISTEN_FDS / LISTEN_FDNAMES, or an exec of the daemon in
 * place (the same pid), which passes them as UWSGID_FDS / UWSGID_FDNAMES.
 */
public final class Handoff {
    private static final Logger LOG = LoggerFactory.getLogger(Handoff.class);
    static final String FDS = "UWSGID_FDS", NAMES = "UWSGID_FDNAMES";
    private static final int SD_LISTEN_FDS_START = 3;

    private Handoff() {}

    /**
     * The descriptors an earlier uwsgid left to this process, by name, marked close-on-exec so that
     * no child inherits them; empty when it started afresh. {@code pid}: this process's.
     */
    public static Map<String, Integer> inherited(Map<String, String> env, long pid) {
        Map<String, Integer> out = new LinkedHashMap<>();
        List<Integer> fds = new ArrayList<>();
        String names;
        if (env.containsKey(FDS)) {
            Arrays.stream(env.get(FDS).split(",")).filter(s -> !s.isBlank()).forEach(s -> fds.add(Integer.parseInt(s.trim())));
            names = env.getOrDefault(NAMES, "");
        } else if (String.valueOf(pid).equals(env.get("LISTEN_PID")) && env.containsKey("LISTEN_FDS")) {
            for (int i = 0; i < Integer.parseInt(env.get("LISTEN_FDS").trim()); i++) {
                fds.add(SD_LISTEN_FDS_START + i);
            }
            names = env.getOrDefault("LISTEN_FDNAMES", "");
        } else {
            return out;
        }
        String[] name = names.split(":", -1);
        for (int i = 0; i < fds.size(); i++) {
            int fd = fds.get(i);
            LIBC.fcntl(fd, Native.F_SETFD, Native.FD_CLOEXEC);
            out.put(i < name.length && !name[i].isEmpty() ? name[i] : "unknown-" + fd, fd);
        }
        return out;
    }

    /** A memory file holding {@code content}, to hand over beside the sockets. */
    public static int memoryFile(String name, String content) throws OsException {
        int fd = Native.check(LIBC.memfd_create(name, Native.MFD_CLOEXEC), "memfd_create", name);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        for (int off = 0; off < bytes.length; ) {
            byte[] chunk = Arrays.copyOfRange(bytes, off, bytes.length);
            long n = LIBC.write(fd, chunk, chunk.length);
            if (n <= 0) {
                LIBC.close(fd);
                throw new OsException(Native.errno(), "writing " + name + ": " + Native.strerror(Native.errno()));
            }
            off += (int) n;
        }
        return fd;
    }

    /** What a memory file (or any readable fd) holds, from its start. */
    public static String read(int fd) throws OsException {
        LIBC.lseek(fd, 0, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        for (long n; (n = LIBC.read(fd, buf, buf.length)) != 0; ) {
            if (n < 0) {
                throw new OsException(Native.errno(), "reading the handed-over state: " + Native.strerror(Native.errno()));
            }
            out.write(buf, 0, (int) n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether {@code fd} is a socket that listens: what a handed-over site socket must be. */
    public static boolean listening(int fd) {
        jnr.ffi.byref.IntByReference value = new jnr.ffi.byref.IntByReference(), len = new jnr.ffi.byref.IntByReference(4);
        return LIBC.getsockopt(fd, Native.SOL_SOCKET, Native.SO_ACCEPTCONN, value, len) == 0 && value.getValue() == 1;
    }

    public static void close(int fd) {
        LIBC.close(fd);
    }

    /**
     * Gives {@code fds} to systemd's file descriptor store, one datagram per descriptor
     * (FDSTORE=1, FDNAME=...), over {@code notifySocket}; systemd hands them to the unit's next
     * main process. Returns how many it took; needs FileDescriptorStoreMax= in the unit.
     */
    public static int store(String notifySocket, Map<String, Integer> fds) throws OsException {
        try (SystemdSocket sock = SystemdSocket.open(notifySocket, true)) {
            int sent = 0;
            for (Map.Entry<String, Integer> e : new TreeMap<>(fds).entrySet()) {
                if (!sock.send("FDSTORE=1\nFDNAME=" + e.getKey(), e.getValue())) {
                    LOG.error("systemd did not take {} into its store: {}", e.getKey(), Native.strerror(Native.errno()));
                } else {
                    sent++;
                }
            }
            return sent;
        }
    }

    /**
     * Takes {@code names} out of systemd's store (FDSTOREREMOVE=1): the descriptors this process
     * was given stay open here, and the next hand-over stores fresh ones under the same names.
     * Without this the store would hand the same, stale ones to every later start.
     */
    public static void unstore(String notifySocket, java.util.Collection<String> names) {
        try (SystemdSocket sock = SystemdSocket.open(notifySocket, true)) {
            for (String name : new java.util.TreeSet<>(names)) {
                if (!sock.send("FDSTOREREMOVE=1\nFDNAME=" + name)) {
                    LOG.warn("systemd's store keeps {}: {}", name, Native.strerror(Native.errno()));
                }
            }
        } catch (OsException e) {
            // no socket to send on: nothing to take out
        }
    }

    /**
     * Replaces this process with a new uwsgid (same pid, so its children stay its children): the
     * same program and arguments, read again from disk (an upgraded package's), with {@code fds}
     * kept open under their names and every other descriptor closed. Returns only if exec failed.
     */
    public static OsException exec(Map<String, Integer> fds, Map<String, String> env) {
        try {
            String[] argv = Files.readString(Path.of("/proc/self/cmdline")).split("\0");
            String exe = Files.readSymbolicLink(Path.of("/proc/self/exe")).toString();
            if (exe.endsWith(" (deleted)")) { // the JDK was upgraded under us: run the one at its path now
                exe = exe.substring(0, exe.length() - " (deleted)".length());
            }
            Map<String, String> next = new TreeMap<>(env);
            next.keySet().removeIf(k -> k.startsWith("LISTEN_"));
            next.put(FDS, String.join(",", fds.values().stream().map(String::valueOf).toList()));
            next.put(NAMES, String.join(":", fds.keySet()));
            keepOnly(fds.values());
            String[] envp = next.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            LIBC.execve(exe, argv, envp);
            return new OsException(Native.errno(), "execve " + exe + ": " + Native.strerror(Native.errno()));
        } catch (java.io.IOException e) {
            return new OsException(0, "cannot read this process's command line: " + e.getMessage());
        }
    }

    /** Marks {@code keep} inheritable and every other descriptor above 2 close-on-exec. */
    private static void keepOnly(java.util.Collection<Integer> keep) throws java.io.IOException {
        Map<Integer, Boolean> all = new HashMap<>();
        try (var dir = Files.list(Path.of("/proc/self/fd"))) {
            dir.forEach(p -> all.put(Integer.parseInt(p.getFileName().toString()), keep.contains(Integer.parseInt(p.getFileName().toString()))));
        }
        all.forEach((fd, kept) -> {
            if (fd > 2) {
                LIBC.fcntl(fd, Native.F_SETFD, kept ? 0 : Native.FD_CLOEXEC);
            }
        });
    }
}
