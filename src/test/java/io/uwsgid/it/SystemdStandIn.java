package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.fail;

import io.uwsgid.os.NotifyReceiver;
import io.uwsgid.os.OsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plays systemd for a Type=notify service without a running systemd: binds the datagram
 * NOTIFY_SOCKET and records every message in order, and confines the daemon the way the shipped
 * unit does where that can be done without systemd (capability bounding set, no_new_privs).
 */
final class SystemdStandIn implements AutoCloseable {
    static final Path UNIT = Path.of("systemd/uwsgid.service");
    final Path socket;
    private final NotifyReceiver receiver;
    private final Thread reader;
    private volatile boolean open = true;
    private final List<String> messages = new ArrayList<>();
    private int seen;

    SystemdStandIn(Scene scene) throws OsException {
        socket = scene.root.resolve("notify.sock");
        receiver = NotifyReceiver.bind(socket.toString());
        reader = new Thread(this::read, "notify-socket");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (open) {
            String m = receiver.receive(100);
            if (m != null) {
                synchronized (this) {
                    messages.add(m);
                    notifyAll();
                }
            }
        }
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    /** Waits for a message, after those an await already returned, that starts with {@code prefix}; returns it. */
    synchronized String await(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (; seen < messages.size(); seen++) {
                if (messages.get(seen).startsWith(prefix)) {
                    return messages.get(seen++);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return fail("no notification starting with " + prefix.replace("\n", "\\n") + " within " + timeout + "; got " + messages);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The setpriv command that gives a process the unit's CapabilityBoundingSet and NoNewPrivileges. */
    static List<String> confinement() throws IOException {
        List<String> cmd = new ArrayList<>(List.of("setpriv"));
        for (String line : Files.readAllLines(UNIT)) {
            if (line.startsWith("CapabilityBoundingSet=")) {
                StringBuilder set = new StringBuilder("-all");
                for (String cap : line.substring(line.indexOf('=') + 1).trim().split("\\s+")) {
                    set.append(",+").append(cap.toLowerCase(Locale.ROOT).replaceFirst("^cap_", ""));
                }
                cmd.add("--bounding-set=" + set);
            } else if (line.equals("NoNewPrivileges=yes")) {
                cmd.add("--no-new-privs");
            }
        }
        if (cmd.size() != 3) {
            fail(UNIT + " should set CapabilityBoundingSet= and NoNewPrivileges=yes: " + cmd);
        }
        cmd.add("--");
        return cmd;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        open = false;
        reader.join();
        receiver.close();
        Files.deleteIfExists(socket);
    }
}
