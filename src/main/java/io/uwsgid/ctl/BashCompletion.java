package io.uwsgid.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;

/**
 * Writes uwsgictl's bash completion script (packaging/stage.xml, at build time) from the command
 * line with every command: picocli's own AutoComplete main would see only the annotations of
 * {@link Ctl}, which no longer list the commands (they are added as needed, see Ctl#commandLine).
 */
final class BashCompletion {
    private BashCompletion() {}

    public static void main(String[] args) throws IOException {
        String script = AutoComplete.bash("uwsgictl", Ctl.commandLine(new String[0]));
        Files.writeString(Path.of(args[0]), script, StandardCharsets.UTF_8);
    }
}
