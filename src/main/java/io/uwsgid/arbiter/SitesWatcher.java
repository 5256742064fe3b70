package io.uwsgid.arbiter;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the sites directory (inotify, through WatchService) and asks the loop for a rescan
 * once the directory has been quiet for a moment, so an editor's save or a deploy's several
 * writes become one rescan.
 */
final class SitesWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SitesWatcher.class);
    static final long QUIET_MILLIS = 300;
    private final WatchService service;
    private final Arbiter arbiter;

    private SitesWatcher(WatchService service, Arbiter arbiter) {
        this.service = service;
        this.arbiter = arbiter;
    }

    static SitesWatcher start(Path dir, Arbiter arbiter) throws IOException {
        WatchService service = FileSystems.getDefault().newWatchService();
        dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        SitesWatcher w = new SitesWatcher(service, arbiter);
        Thread t = new Thread(w::run, "uwsgid-watch");
        t.setDaemon(true);
        t.start();
        return w;
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                drain(key);
                for (WatchKey more; (more = service.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null; ) {
                    drain(more);
                }
                arbiter.sitesChanged();
                if (!key.isValid()) {
                    LOG.error("the sites directory is gone; no longer watching it (HUP or uwsgictl rescan still work)");
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public void close() throws IOException {
        service.close();
    }
}
