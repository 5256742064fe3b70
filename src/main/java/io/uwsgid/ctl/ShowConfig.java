package io.uwsgid.ctl;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.IniParser;
import io.uwsgid.config.ParseContext;
import io.uwsgid.control.ExitCodes;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show-config", mixinStandardHelpOptions = true, description = {
        "Prints a site file's options as uWSGI resolves them (includes, placeholders, if/for, magic variables), in the form",
        "`uwsgi --ini FILE --show-config` prints between [uwsgi] and ;end of configuration: same keys, values and order.",
        "Resolved here, against this shell's environment and working directory, as uWSGI started here would. The parser's",
        "warnings go to stderr. Exit 1 if uWSGI would refuse the file."})
final class ShowConfig implements Callable<Integer> {
    @Mixin Local local;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SITE|FILE", description = "a site (SITES_DIR/SITE.ini) or a file")
    String target;

    @Option(names = "--section", paramLabel = "NAME", description = "the section to read (default: ${DEFAULT-VALUE})")
    String section = "uwsgi";

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path file;
        try {
            DaemonConfig daemon = local.daemon();
            file = target.contains("/") || target.endsWith(".ini") ? Path.of(target) : Local.file(target, daemon);
        } catch (ConfigException e) {
            err.println("uwsgictl show-config: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        if (!Files.isRegularFile(file)) {
            err.println("uwsgictl show-config: no such site file: " + file);
            return ExitCodes.NOT_RUNNING;
        }
        ParseContext ctx = ParseContext.defaults().withCwd(Path.of("").toAbsolutePath());
        try {
            String text = IniParser.showConfig(IniParser.parse(file, section, ctx));
            ctx.warnings().forEach(w -> err.println(w));
            err.flush();
            // UTF-8 whatever the locale (Java 17 prints '?' for non-ASCII under LANG=C), as uWSGI passes the file's bytes through
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            System.out.write(bytes, 0, bytes.length);
            System.out.flush();
            return ExitCodes.OK;
        } catch (ConfigException e) {
            ctx.warnings().forEach(w -> err.println(w));
            err.println("uwsgictl show-config: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
