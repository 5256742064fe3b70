package io.uwsgid.site;

import io.uwsgid.os.ChildPipes;
import io.uwsgid.os.ListeningSocket;
import java.util.List;

/**
 * A running site's serving generation as one uwsgid hands it to the next (an upgrade, a restart
 * under systemd): its master, the master's ends of its pipes, the sockets it serves on, and the
 * options it was started with (to tell whether its file changed meanwhile). Descriptors are the
 * sending process's numbers until the receiver renumbers them.
 */
public record SiteHandoff(String site, int generation, int pid, ChildPipes pipes, List<ListeningSocket> sockets, List<String> options) {
    public SiteHandoff {
        sockets = List.copyOf(sockets);
        options = List.copyOf(options);
    }
}
