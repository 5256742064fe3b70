package io.uwsgid.os;

import java.util.List;

/**
 * A site's child to start: the program and arguments (a privilege-dropping chain ending in
 * uWSGI), its environment, its listening sockets in fd order from 3, and where its output goes.
 * The kernel adds the emperor pipe after the sockets and names it in UWSGI_EMPEROR_FD.
 */
public record ChildSpec(String site, String path, List<String> argv, List<String> env, List<ListeningSocket> sockets, LogSink log) {
    public ChildSpec {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        sockets = List.copyOf(sockets);
    }

    /** The fd number the child finds its emperor pipe at. */
    public int emperorFd() {
        return 3 + sockets.size();
    }
}
