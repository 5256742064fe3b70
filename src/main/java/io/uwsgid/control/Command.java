package io.uwsgid.control;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What uwsgictl may ask of the daemon. A request names it by {@link #wire()}. */
public enum Command {
    STATUS("status"),
    START("start"),
    STOP("stop"),
    RESTART("restart"),
    RELOAD("reload"),
    REOPEN_LOGS("reopen-logs"),
    RESCAN("rescan"),
    /** A site's last log lines, and with {@code follow} every line after them: the reply line is followed by a stream (docs/CONTROL.md). */
    LOGS("logs"),
    /** Hand every running site to a new uwsgid, exec'd in place, without stopping them. */
    UPGRADE("upgrade");

    private final String wire;

    Command(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Changes nothing: allowed to a group given read access. */
    public boolean readOnly() {
        return this == STATUS;
    }

    public static Optional<Command> named(String wire) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(wire)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Command::wire).toList();
    }

    @Override
    public String toString() {
        return wire;
    }
}
