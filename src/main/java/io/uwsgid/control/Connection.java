package io.uwsgid.control;

import io.uwsgid.os.Users;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * One connection to the control socket, on the JDK's unix socket channel. The JDK has no receive
 * or send timeout for these, so the channel is non-blocking with a selector of its own and every
 * read or write waits at most as long as it is told. A plain {@link #write(ByteBuffer)} waits for
 * room as long as it takes, like a blocking channel's.
 */
final class Connection implements WritableByteChannel {
    /** The peer's uid and gid, as SO_PEERCRED gives them. */
    record Peer(int uid, int gid) {}

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    private Connection(SocketChannel channel, Selector selector, SelectionKey key) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
    }

    /** Waits for the next connection to {@code server}. */
    static Connection accept(ServerSocketChannel server) throws IOException {
        SocketChannel channel = server.accept();
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            selector = Selector.open();
            return new Connection(channel, selector, channel.register(selector, 0));
        } catch (IOException e) {
            if (selector != null) {
                selector.close();
            }
            channel.close();
            throw e;
        }
    }

    /** Who connected, by SO_PEERCRED's numbers (see {@link #id}). */
    Peer peer() throws IOException {
        UnixDomainPrincipal p = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return new Peer(id(p.user().getName(), p.user().hashCode(), uid -> Users.user(Integer.toString(uid)).map(Users.User::name)),
                id(p.group().getName(), p.group().hashCode(), gid -> Users.group(Integer.toString(gid)).map(Users.Grp::name)));
    }

    /**
     * The number behind one of SO_PEERCRED's principals, or -1. The JDK's principals publish only
     * a name, and a name is ambiguous: a local account and a directory one may share it with
     * different ids, and looking the name up could make a directory "root" uid 0. They keep the
     * number, though, and give it as their hash code (JDK 17's sun.nio.fs.UnixUserPrincipals). So the
     * number is the hash code, accepted only if it resolves back to the principal's name (or, with
     * no name, is that name): a JDK that hashes otherwise gets -1, refused, never someone else.
     */
    static int id(String name, int hash, java.util.function.IntFunction<java.util.Optional<String>> nameOf) {
        if (hash < 0) {
            return -1;
        }
        String resolved = nameOf.apply(hash).orElse(Integer.toString(hash));
        return resolved.equals(name) ? hash : -1;
    }

    /** Reads what has come, waiting up to {@code millis} (0: no limit) for something: 0 if nothing came, -1 at the end of input. */
    int read(ByteBuffer buf, long millis) throws IOException {
        int n = channel.read(buf);
        if (n == 0) {
            await(SelectionKey.OP_READ, millis);
            n = channel.read(buf);
        }
        return n;
    }

    /** Writes what the peer has room for, waiting up to {@code millis} (0: no limit) for some: 0 if there was none. */
    int write(ByteBuffer buf, long millis) throws IOException {
        int n = channel.write(buf);
        if (n == 0) {
            await(SelectionKey.OP_WRITE, millis);
            n = channel.write(buf);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer buf) throws IOException {
        return write(buf, 0);
    }

    /** Says that nothing more will be sent; what comes in can still be read. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
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
