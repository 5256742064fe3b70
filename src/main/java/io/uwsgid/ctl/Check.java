package io.uwsgid.ctl;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.control.ExitCodes;
import io.uwsgid.doctor.Checkup;
import io.uwsgid.doctor.Report;
import io.uwsgid.os.Users;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "check", mixinStandardHelpOptions = true, description = {
        "Checks site files without a running daemon: what uwsgid refuses, the parser's warnings, the security policy,",
        "plugins and the libraries they need, the Python versions agreeing, the directories uwsgid writes, then (as root)",
        "what the site's user and nginx's user may reach, tried for real as those users, what uWSGI itself refuses while reading",
        "the options (route actions, loggers, strict mode), and a dry start of uWSGI as the site's user that exits before the",
        "app loads. Every finding, not only the first; what could not be checked is said in an info line.",
        "One line per finding: FILE:LINE: error|warning|info: WHAT; fix: HOW.",
        "Errors are what the daemon refuses to spawn (the site becomes FATAL with the same text). Exit 0 without errors, 1 with."})
final class Check implements Callable<Integer> {
    @Mixin Local local;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SITE|FILE", arity = "0..*", description = "sites (SITES_DIR/SITE.ini) or files; default: every site")
    List<String> targets = List.of();

    @Option(names = "--nginx", paramLabel = "FILE", description = "an nginx config whose server blocks pass to the sites: their root/alias directories are checked as nginx's user")
    List<Path> nginx = List.of();

    @Option(names = "--no-probes", description = "only the checks the daemon runs before every spawn: no processes as other users, no uWSGI reading, no dry start")
    boolean noProbes;

    @Option(names = "--json", description = "print the findings as JSON, for machines")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        DaemonConfig daemon;
        List<Path> files;
        try {
            daemon = local.daemon();
            files = files(daemon);
        } catch (ConfigException | IOException e) {
            err.println("uwsgictl check: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        List<String> unknown = files.stream().filter(f -> !Files.isRegularFile(f)).map(Path::toString).toList();
        if (!unknown.isEmpty()) {
            err.println("uwsgictl check: no such site file: " + String.join(", ", unknown));
            return ExitCodes.NOT_RUNNING;
        }
        Checkup checkup = new Checkup(daemon, nginx, !noProbes && Users.currentUid() == 0);
        Report report = new Report();
        files.forEach(f -> report.add(checkup.check(f)));
        out.print(json ? report.json() + "\n" : report.text());
        out.flush();
        return report.hasErrors() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private List<Path> files(DaemonConfig daemon) throws IOException {
        if (!targets.isEmpty()) {
            return targets.stream().map(t -> Local.file(t, daemon)).toList();
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(daemon.sitesDir(), "*.ini")) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }
}
