package io.uwsgid.ctl;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.DaemonConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that read site files here, without a running daemon, as the daemon would read them. */
final class Local {
    static final Path DEFAULT_CONFIG = Path.of("/etc/uwsgid/uwsgid.ini");

    @Option(names = "--config", paramLabel = "FILE", description = "uwsgid's settings ([uwsgid] section); default /etc/uwsgid/uwsgid.ini if it exists")
    Path config;

    @Option(names = "--sites-dir", paramLabel = "DIR", description = "where SITE names are looked up (default: sites-dir of uwsgid.ini, else /var/uwsgi/sites-available)")
    Path sitesDir;

    DaemonConfig daemon() throws ConfigException {
        DaemonConfigLoader loader = new DaemonConfigLoader();
        if (config != null || Files.exists(DEFAULT_CONFIG)) {
            loader.read(config != null ? config : DEFAULT_CONFIG);
        }
        if (sitesDir != null) {
            loader.set("sites-dir", sitesDir.toAbsolutePath().toString());
        }
        return loader.build();
    }

    /** A name with a slash or ending in .ini is a file; anything else is a site: SITES_DIR/NAME.ini. */
    static Path file(String siteOrFile, DaemonConfig daemon) {
        if (siteOrFile.contains("/") || siteOrFile.endsWith(".ini")) {
            return Path.of(siteOrFile).toAbsolutePath().normalize();
        }
        return daemon.sitesDir().resolve(siteOrFile + ".ini");
    }
}
