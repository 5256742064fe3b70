package io.uwsgid.ctl;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteLoader;
import io.uwsgid.control.ExitCodes;
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

/**
 * Prints the nginx server block for a site. It reads the site file itself, as the daemon would
 * (same parser, same uwsgid.ini), so it works before uwsgid runs: the block is written before
 * the site is started, and needs the socket the file asks for, not the daemon's state.
 */
@Command(name = "nginx-conf", mixinStandardHelpOptions = true,
        description = {"Prints the nginx server block for SITE (the seed's: charset utf-8, static locations before location /,",
                "uwsgi_pass to the site's socket, or proxy_pass when it only has an http-socket).",
                "Reads the site file directly: works whether or not uwsgid runs.",
                "Example: uwsgictl nginx-conf myproject --server-name www.myproject.com \\",
                "           --static /static=/var/www/myproject/static > /etc/nginx/conf.d/myproject.conf"})
final class NginxConf implements Callable<Integer> {
    @Mixin Local local;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "SITE", description = "a site name (its file in the sites directory without .ini), or a site file (a name with a slash or ending in .ini)")
    String site;

    @Option(names = "--server-name", paramLabel = "NAME", description = "server_name (repeatable; default _ , any name)")
    List<String> serverNames = new ArrayList<>();

    @Option(names = "--static", paramLabel = "URL=DIR", description = "a location URL served by nginx from DIR (repeatable)")
    List<String> statics = new ArrayList<>();

    @Option(names = "--listen", paramLabel = "ADDRESS", description = "nginx's listen address (default: ${DEFAULT-VALUE})")
    String listen = "80";

    @Override
    public Integer call() {
        List<ServerBlock.Static> locations = new ArrayList<>();
        try {
            for (String s : statics) {
                locations.add(ServerBlock.Static.parse(s));
            }
        } catch (IllegalArgumentException e) {
            return fail(ExitCodes.USAGE, e.getMessage());
        }
        try {
            DaemonConfig daemon = local.daemon();
            Path file = Local.file(site, daemon);
            if (!Files.isRegularFile(file)) {
                return fail(ExitCodes.NOT_RUNNING, "no such site: " + file + " does not exist");
            }
            SiteConfig config = SiteLoader.load(file, daemon);
            for (ServerBlock.Static s : locations) {
                if (!Files.isDirectory(Path.of(s.dir()))) {
                    spec.commandLine().getErr().println("uwsgictl nginx-conf: warning: " + s.dir() + " is not a directory (yet)");
                }
            }
            spec.commandLine().getOut().print(ServerBlock.render(config, listen, serverNames, locations));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        } catch (ConfigException e) {
            return fail(ExitCodes.FAILED, e.getMessage());
        }
    }

    private int fail(int code, String message) {
        spec.commandLine().getErr().println("uwsgictl nginx-conf: " + message);
        return code;
    }
}
