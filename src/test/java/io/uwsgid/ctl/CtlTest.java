package io.uwsgid.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Picocli is given only what the arguments need; help and mistakes still see every command. */
class CtlTest {
    private static final List<String> EVERY = List.of("status", "start", "stop", "restart", "reload", "reopen-logs", "rescan", "logs", "upgrade",
            "nginx-conf", "check", "show-config", "help");

    private static List<String> commands(String... args) {
        return List.copyOf(Ctl.commandLine(args).getSubcommands().keySet());
    }

    @Test
    void aCommandNamedFirstIsTheOnlyOneBuilt() {
        assertEquals(List.of("reload"), commands("reload", "web"));
        assertEquals(List.of("status"), commands("status", "--json"));
    }

    @Test
    void helpNoCommandOrAnUnknownOneGetsEveryCommandInOrder() {
        assertEquals(EVERY, commands());
        assertEquals(EVERY, commands("help", "status"));
        assertEquals(EVERY, commands("--help"));
        assertEquals(EVERY, commands("relaod"));
    }
}
