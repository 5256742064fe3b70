package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Runs a short helper program (posix_spawn, never fork) and reads what it prints. */
public final class Programs {
    private Programs() {}

    /** What {@code argv} printed on stdout if it ran and exited within {@code timeoutMillis}; empty otherwise. */
    public static Optional<String> output(List<String> argv, long timeoutMillis) {
        int[] out = new int[2];
        if (LIBC.pipe2(out, Native.O_CLOEXEC) < 0) {
            return Optional.empty();
        }
        int pid;
        try {
            pid = Spawner.spawn(new SpawnSpec(argv.get(0), argv, List.of("PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"), out[1], out[1], List.of()));
        } catch (OsException e) {
            LIBC.close(out[0]);
            LIBC.close(out[1]);
            return Optional.empty();
        }
        LIBC.close(out[1]);
        LIBC.fcntl(out[0], Native.F_SETFL, Native.O_NONBLOCK);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        int[] status = new int[1];
        try {
            while (true) {
                long n = LIBC.read(out[0], buf, buf.length);
                if (n > 0) {
                    text.write(buf, 0, (int) n);
                    continue;
                }
                if (n == 0 && LIBC.waitpid(pid, status, 0) == pid) {
                    return ExitStatus.fromWaitStatus(status[0]).clean() ? Optional.of(text.toString(StandardCharsets.UTF_8)) : Optional.empty();
                }
                if (System.nanoTime() > deadline) {
                    LIBC.kill(pid, Signals.KILL);
                    LIBC.waitpid(pid, status, 0);
                    return Optional.empty();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
        } finally {
            LIBC.close(out[0]);
        }
    }
}
