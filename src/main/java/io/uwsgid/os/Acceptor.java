package io.uwsgid.os;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a listening socket (the control socket, the metrics endpoint): one thread blocked in
 * accept(2), each connection handed to one of 8 workers, 32 more waiting, and one beyond that
 * closed at once. A worker idle for 5 s ends (a thread is cheap to start, its stack is not free to
 * keep), so nothing here wakes while nobody connects.
 */
public final class Acceptor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);
    private final ServerSocketChannel server;
    private final String what;
    private final ThreadPoolExecutor workers;

    /** Makes a channel just accepted into a {@link TimedChannel} (or a subclass). */
    @FunctionalInterface
    public interface Opener<C extends TimedChannel> {
        C open(SocketChannel accepted) throws IOException;
    }

    /** {@code what} names the threads ({@code uwsgid-WHAT}, {@code uwsgid-WHAT-accept}) and the log lines. */
    public Acceptor(ServerSocketChannel server, String what) {
        this.server = server;
        this.what = what;
        this.workers = new ThreadPoolExecutor(8, 8, 5, TimeUnit.SECONDS, new ArrayBlockingQueue<>(32), r -> daemon(r, "uwsgid-" + what));
        workers.allowCoreThreadTimeOut(true);
    }

    /** Accepts until closed, each connection opened by {@code opener} and served by {@code serve} on a worker. */
    public <C extends TimedChannel> void start(Opener<C> opener, Consumer<C> serve) {
        daemon(() -> acceptLoop(opener, serve), "uwsgid-" + what + "-accept").start();
    }

    private <C extends TimedChannel> void acceptLoop(Opener<C> opener, Consumer<C> serve) {
        while (server.isOpen()) {
            try {
                C ch = opener.open(server.accept());
                try {
                    workers.execute(() -> serve.accept(ch));
                } catch (RejectedExecutionException e) {
                    LOG.warn("{}: too many connections at once; closing one", what);
                    ch.close();
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("{}: accept failed: {}", what, e.getMessage());
                }
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops accepting and interrupts the workers. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}
