package io.uwsgid.os;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;

/**
 * An accepted connection (unix or TCP) whose reads and writes wait only as long as they are told.
 * The JDK's socket channels have no receive or send timeout, so the channel is non-blocking with a
 * selector of its own. A plain {@link #write(ByteBuffer)} waits for room as long as it takes, like
 * a blocking channel's. Nothing here wakes while nobody reads or writes.
 */
public class TimedChannel implements WritableByteChannel {
    protected final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    /** Takes {@code channel} over; it is closed if it cannot be set up. */
    protected TimedChannel(SocketChannel channel) throws IOException {
        Selector s = null;
        try {
            channel.configureBlocking(false);
            s = Selector.open();
            this.key = channel.register(s, 0);
        } catch (IOException e) {
            if (s != null) {
                s.close();
            }
            channel.close();
            throw e;
        }
        this.channel = channel;
        this.selector = s;
    }

    /** {@code channel}, just accepted, with deadlines. */
    public static TimedChannel of(SocketChannel channel) throws IOException {
        return new TimedChannel(channel);
    }

    /** Reads what has come, waiting up to {@code millis} (0: no limit) for something: 0 if nothing came, -1 at the end of input. */
    public int read(ByteBuffer buf, long millis) throws IOException {
        return transfer(buf, SelectionKey.OP_READ, millis);
    }

    /** Writes what the peer has room for, waiting up to {@code millis} (0: no limit) for some: 0 if there was none. */
    public int write(ByteBuffer buf, long millis) throws IOException {
        return transfer(buf, SelectionKey.OP_WRITE, millis);
    }

    private int transfer(ByteBuffer buf, int op, long millis) throws IOException {
        int n = op == SelectionKey.OP_READ ? channel.read(buf) : channel.write(buf);
        if (n == 0) {
            await(op, millis);
            n = op == SelectionKey.OP_READ ? channel.read(buf) : channel.write(buf);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer buf) throws IOException {
        return write(buf, 0);
    }

    /** Says that nothing more will be sent; what comes in can still be read. */
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /**
     * Ends the reply: closing with unread input makes the kernel reset the connection and the peer
     * lose what was sent (a request larger than was read), so this says we are done, then reads
     * and drops up to {@code limit} bytes until the peer closes or is silent for half a second.
     */
    public void finish(long limit) throws IOException {
        shutdownOutput();
        ByteBuffer sink = ByteBuffer.allocate(16 * 1024);
        for (long total = 0; total < limit; total += sink.position()) {
            sink.clear();
            if (read(sink, 500) <= 0) {
                return;
            }
        }
    }

    /**
     * The daemon's stop interrupts the threads serving connections: an interrupt neither cuts
     * every later wait short (a selector returns at once while its thread is interrupted) nor is
     * lost to the code that checks for it.
     */
    private void await(int ops, long millis) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            key.interestOps(ops);
            selector.select(millis);
            selector.selectedKeys().clear();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
