package io.uwsgid;

import io.uwsgid.arbiter.Arbiter;
import io.uwsgid.control.Access;
import io.uwsgid.control.ControlServer;
import io.uwsgid.arbiter.SignalRelay;
import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.health.HealthWatch;
import io.uwsgid.config.DaemonConfigLoader;
import io.uwsgid.doctor.Preflight;
import io.uwsgid.handover.Handover;
import io.uwsgid.os.Handoff;
import io.uwsgid.log.LogFormat;
import io.uwsgid.metrics.Metrics;
import io.uwsgid.os.LinuxKernel;
import io.uwsgid.os.OsException;
import io.uwsgid.os.UnitCgroup;
import io.uwsgid.os.Users;
import io.uwsgid.systemd.RestartProbe;
import io.uwsgid.systemd.SystemdNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** uwsgid: runs every site in the sites directory, in the foreground, until INT or TERM. */
@Command(name = "uwsgid", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Supervises uWSGI sites: one *.ini file in the sites directory is one site.", "",
                "Signals:", "  INT, TERM  stop every site gracefully, then exit",
                "  HUP        re-read uwsgid.ini and the sites directory: new files start,",
                "             removed ones stop, the others reload without downtime",
                "  USR1       reopen every site's log file (logrotate)", ""},
        exitCodeListHeading = "%nExit status:%n", exitCodeList = {"0:stopped cleanly after INT or TERM",
                "1:could not start (not root, bad uwsgid.ini, another uwsgid running)", "2:usage error"})
public final class Main implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    static final Path DEFAULT_CONFIG = Path.of("/etc/uwsgid/uwsgid.ini");

    @Option(names = "--config", paramLabel = "FILE", description = "daemon settings ([uwsgid] section); default " + "/etc/uwsgid/uwsgid.ini if it exists")
    Path config;

    @Option(names = "--sites-dir", paramLabel = "DIR", description = "the sites directory (default /var/uwsgi/sites-available)")
    Path sitesDir;

    @Option(names = "--log-file", paramLabel = "FILE", description = "write uwsgid's own log to FILE (reopened with the sites' logs) "
            + "instead of stderr; under systemd leave it to the journal")
    Path logFile;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "runtime directory for generated configs, pid file, control socket (default /run/uwsgid)")
    Path runDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() {
        try {
            DaemonConfig daemon = loadConfig();
            requireRoot();
            DaemonLog log = logFile == null ? null : DaemonLog.to(logFile);
            LogFormat.apply(daemon.jsonLogs());
            return run(daemon, this::rereadConfig, log);
        } catch (HaltDaemon e) {
            System.err.println("uwsgid: " + e.getMessage());
            return e.status();
        }
    }

    DaemonConfig loadConfig() {
        DaemonConfigLoader loader = new DaemonConfigLoader();
        try {
            if (config != null || Files.exists(DEFAULT_CONFIG)) {
                loader.read(config != null ? config.toAbsolutePath() : DEFAULT_CONFIG);
            }
            if (sitesDir != null) {
                loader.set("sites-dir", sitesDir.toAbsolutePath().toString());
            }
            if (runDir != null) {
                loader.set("run-dir", runDir.toAbsolutePath().toString());
            }
            return loader.build();
        } catch (ConfigException e) {
            throw new HaltDaemon(e.getMessage(), 1);
        }
    }

    private DaemonConfig rereadConfig() {
        try {
            return loadConfig();
        } catch (HaltDaemon e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static void requireRoot() {
        if (Users.currentUid() != 0) {
            throw new HaltDaemon("must be started as root (it binds each site's socket and drops each site to its own user); "
                    + "run it with sudo or as the systemd service", 1);
        }
    }

    private static int run(DaemonConfig daemon, java.util.function.Supplier<DaemonConfig> reread, DaemonLog log) {
        Map<String, Integer> inherited = Handoff.inherited(System.getenv(), ProcessHandle.current().pid());
        if (!inherited.isEmpty()) {
            LOG.info("taking over {} descriptors the uwsgid before handed over", inherited.size());
            if (System.getenv("LISTEN_FDS") != null && System.getenv("NOTIFY_SOCKET") != null) {
                Handoff.unstore(System.getenv("NOTIFY_SOCKET"), inherited.keySet());
            }
        }
        Arbiter arbiter = new Arbiter(daemon, reread, Preflight::refusals, () -> UnitCgroup.mainProcessOfAUnit() && RestartProbe.restartQueued());
        if (log != null) {
            arbiter.addObserver(log);
        }
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(System.getenv(), ProcessHandle.current().pid());
        if (notifier != null) {
            arbiter.addObserver(notifier);
        }
        MasterPidFile pidFile = MasterPidFile.claim(daemon);
        Access access = new Access(daemon.controlGroup(), daemon.controlGroupMayChange());
        try (LinuxKernel kernel = new LinuxKernel(arbiter);
             HealthWatch health = HealthWatch.start(daemon, kernel.heartbeats(), arbiter::health);
             Metrics metrics = Metrics.start(daemon, arbiter);
             ControlServer control = ControlServer.start(daemon.controlSocket(), access, r -> metrics.withUsage(arbiter.submit(r)))) {
            arbiter.addObserver(health);
            arbiter.addObserver(new io.uwsgid.arbiter.DaemonObserver() {
                @Override
                public void settingsChanged(DaemonConfig settings) {
                    LogFormat.apply(settings.jsonLogs());
                }
            });
            SignalRelay.install(arbiter);
            LOG.info("uwsgid {} (pid {}) supervising {} ", Version.VERSION, ProcessHandle.current().pid(), daemon.sitesDir());
            arbiter.run(kernel, Handover.unpack(inherited, ProcessHandle.current().pid()));
            if (!arbiter.handedOver()) {
                UnitCgroup.killLeftovers();
            }
        } catch (OsException | java.io.IOException e) {
            throw new HaltDaemon(e.getMessage(), 1);
        } finally {
            pidFile.release();
        }
        LOG.info("uwsgid exits");
        return 0;
    }
}
