package io.uwsgid.control;

import java.util.List;
import java.util.Optional;

/**
 * One control request as it travels: a command's wire name and the sites it is about. {@code all}
 * means every site; {@code waitSeconds} 0 means reply as soon as the command is applied.
 */
public record Request(String command, List<String> sites, boolean all, int waitSeconds) {
    public static final List<String> COMMANDS = Command.wireNames();

    public Request {
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    public Request(Command command, List<String> sites, boolean all, int waitSeconds) {
        this(command.wire(), sites, all, waitSeconds);
    }

    /** The command it names; empty for a name no version of uwsgid knows. */
    public Optional<Command> kind() {
        return Command.named(command);
    }

    public boolean readOnly() {
        return kind().map(Command::readOnly).orElse(false);
    }
}
