package io.uwsgid.ctl;

import io.uwsgid.control.ExitCodes;
import io.uwsgid.control.Json;
import io.uwsgid.control.Reply;
import io.uwsgid.control.Request;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** uwsgictl: controls a running uwsgid over its control socket. */
@Command(name = "uwsgictl", mixinStandardHelpOptions = true, versionProvider = io.uwsgid.Version.class,
        description = {"Controls the sites of a running uwsgid; check, show-config and nginx-conf read site files without one."},
        exitCodeListHeading = "%nExit status (every command):%n",
        exitCodeList = {"0:done", "1:failed (the reason is printed); check: errors found", "2:usage error", "4:not permitted (root only, or the control group)",
                "7:uwsgid is not running, or no such site"})
public final class Ctl {
    /** Every command, in the order --help lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    public static void main(String[] args) {
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The command line for {@code args}. Picocli reads the annotations of every command it is
     * given, a few ms each on a cold JVM: a command named first gets only itself; anything else
     * (help, no command, a typo) gets every command, as before.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Ctl());
        String first = args.length == 0 ? "help" : args[0];
        boolean every = !COMMANDS.containsKey(first) || first.equals("help");
        COMMANDS.forEach((name, command) -> {
            if (every || name.equals(first)) {
                cl.addSubcommand(name, command.get());
            }
        });
        cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("uwsgictl: " + e.getMessage() + " (see " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("status", Status::new);
        m.put("start", Start::new);
        m.put("stop", Stop::new);
        m.put("restart", Restart::new);
        m.put("reload", Reload::new);
        m.put("reopen-logs", ReopenLogs::new);
        m.put("rescan", Rescan::new);
        m.put("logs", Logs::new);
        m.put("upgrade", Upgrade::new);
        m.put("nginx-conf", NginxConf::new);
        m.put("check", Check::new);
        m.put("show-config", ShowConfig::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** Options every command takes. */
    static final class Common {
        @Option(names = "--socket", paramLabel = "PATH", description = "uwsgid's control socket (default: ${DEFAULT-VALUE})")
        Path socket = Path.of("/run/uwsgid/control.sock");

        @Option(names = "--json", description = "print the daemon's reply as JSON, for machines")
        boolean json;

        @Option(names = "--no-wait", description = "return once the command is applied, without waiting for its outcome")
        boolean noWait;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long to wait for the outcome (default: ${DEFAULT-VALUE})")
        int timeout = 180;

        int send(CommandLine.Model.CommandSpec spec, String command, List<String> sites, boolean all) {
            PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            Reply reply;
            try {
                reply = new Client(socket).send(new Request(command, sites, all, noWait ? 0 : timeout));
            } catch (Client.Unreachable e) {
                return unreachable(err, e);
            } catch (IOException e) {
                err.println("uwsgictl: no valid reply from uwsgid: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            if (json) {
                out.println(Json.pretty(reply));
            } else {
                print(reply, out, err);
            }
            out.flush();
            return reply.code();
        }

        private int unreachable(PrintWriter err, IOException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("ermission denied")) {
                err.println("uwsgictl: not permitted to connect to " + socket + " (" + m + ")");
                return ExitCodes.NOT_PERMITTED;
            }
            err.println("uwsgictl: uwsgid is not running (cannot connect to " + socket + ": " + m + ")");
            return ExitCodes.NOT_RUNNING;
        }

        private static void print(Reply reply, PrintWriter out, PrintWriter err) {
            if (!reply.sites().isEmpty() || reply.code() == 0 && reply.message().isEmpty()) {
                out.print(StatusTable.render(reply.sites()));
            }
            for (Reply.Result r : reply.results()) {
                (r.ok() ? out : err).println(r.site() + ": " + r.message());
            }
            if (!reply.message().isEmpty()) {
                (reply.code() == 0 ? out : err).println(reply.code() == 0 ? reply.message() : "uwsgictl: " + reply.message());
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = {"Shows every site (or those named): state, pid, generation, uptime, restarts, last exit, resident memory",
            "and CPU time of its processes, requests and busy/all workers of its current generation (uWSGI stats), socket."})
    static final class Status implements Callable<Integer> {
        @Mixin Common common;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "SITE", arity = "0..*") List<String> sites = List.of();

        @Override
        public Integer call() {
            return common.send(spec, "status", sites, false);
        }
    }

    /** A command on named sites or --all. */
    abstract static class SiteCommand implements Callable<Integer> {
        @Mixin Common common;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "SITE", arity = "0..*", description = "site names (their file names without .ini)") List<String> sites = List.of();
        @Option(names = "--all", description = "every site") boolean all;

        @Override
        public Integer call() {
            if (sites.isEmpty() == !all) {
                spec.commandLine().getErr().println("uwsgictl " + spec.name() + ": name one or more sites, or give --all");
                return ExitCodes.USAGE;
            }
            return common.send(spec, spec.name(), sites, all);
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts sites; waits until they accept requests or fail.")
    static final class Start extends SiteCommand {}

    @Command(name = "stop", mixinStandardHelpOptions = true, description = {"Stops sites gracefully; waits until they are stopped.",
            "A stopped site stays stopped across HUP and rescans until started; a daemon restart starts it again."})
    static final class Stop extends SiteCommand {}

    @Command(name = "restart", mixinStandardHelpOptions = true, description = "Stops, then starts sites (a gap in service: prefer reload).")
    static final class Restart extends SiteCommand {}

    @Command(name = "reload", mixinStandardHelpOptions = true, description = {"Starts a new generation of each site on its socket and retires the old one",
            "only once the new one accepts requests. If the new one fails, the old one keeps serving and this fails (exit 1)."})
    static final class Reload extends SiteCommand {}

    @Command(name = "reopen-logs", mixinStandardHelpOptions = true, description = "Reopens every site's log file (after logrotate); same as SIGUSR1.")
    static final class ReopenLogs implements Callable<Integer> {
        @Mixin Common common;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return common.send(spec, "reopen-logs", List.of(), false);
        }
    }

    @Command(name = "rescan", mixinStandardHelpOptions = true, description = {"Re-reads the sites directory: new files start, removed files stop,",
            "changed or touched files reload. Prints what changed."})
    static final class Rescan implements Callable<Integer> {
        @Mixin Common common;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return common.send(spec, "rescan", List.of(), false);
        }
    }
}
