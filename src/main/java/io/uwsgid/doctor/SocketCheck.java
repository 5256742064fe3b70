package io.uwsgid.doctor;

import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.SocketSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every TCP socket names a port and a host that resolves, as the master resolves it when it binds.
 * Only {@code uwsgictl check} runs this: a name lookup may wait on DNS, which the daemon's loop must not.
 * Plain uWSGI 2.0.21 does not refuse a host that resolves to nothing: it binds 255.255.255.255
 * (inet_addr's "no address"), where no client reaches it.
 */
final class SocketCheck {
    private SocketCheck() {}

    static List<Finding> run(SiteConfig site) {
        List<Finding> out = new ArrayList<>();
        for (SocketSpec s : site.sockets()) {
            if (s.isUnix()) {
                continue;
            }
            Option at = option(site, s);
            int colon = s.address().lastIndexOf(':');
            String host = s.address().substring(0, colon).replace("[", "").replace("]", "");
            String port = s.address().substring(colon + 1);
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                out.add(Finding.error(at, at.key() + " = " + s.address() + ": '" + port + "' is not a port number (0-65535), so uwsgid cannot bind it",
                        "write host:port, such as 127.0.0.1:8001"));
            } else if (!host.isEmpty() && !resolves(host)) {
                out.add(Finding.error(at, at.key() + " = " + s.address() + ": host '" + host + "' resolves to no address, so uwsgid cannot bind it "
                        + "(plain uWSGI would bind 255.255.255.255, which no client reaches)", "use an address of this machine, such as 127.0.0.1:"
                        + port + " (or 0.0.0.0:" + port + " for every interface), or a name in /etc/hosts"));
            }
        }
        return out;
    }

    private static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static Option option(SiteConfig site, SocketSpec s) {
        return site.options().stream().filter(o -> o.key().equals(s.option()) && o.value().equals(s.address())).findFirst()
                .orElse(new Option(s.option(), s.address(), site.file(), 0));
    }
}
