package io.uwsgid.control;

import io.uwsgid.os.Acceptor;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket. Each connection carries one request line and gets one reply line (a
 * {@code logs} reply is then followed by a stream, served by {@link LogStreams}). The peer
 * is identified with SO_PEERCRED before anything is read; reads are bounded in size and time, so
 * a slow or hostile client costs one of a few handler threads for a few seconds and never the loop.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    static final int MAX_REQUEST = 64 * 1024;
    static final long READ_DEADLINE_MILLIS = 5000;
    private final Acceptor acceptor;
    private final Path path;
    private final Access access;
    private final Function<Request, CompletableFuture<Reply>> handler;
    /** uwsgictl logs: streams that outlive their request, on threads of their own. */
    private final LogStreams logs = new LogStreams();

    private ControlServer(ServerSocketChannel server, Path path, Access access, Function<Request, CompletableFuture<Reply>> handler) {
        this.acceptor = new Acceptor(server, "control");
        this.path = path;
        this.access = access;
        this.handler = handler;
    }

    /** Binds {@code path} (replacing a stale socket from a killed daemon) and starts accepting. */
    public static ControlServer start(Path path, Access access, Function<Request, CompletableFuture<Reply>> handler) throws IOException {
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path), 128);
        // Anyone may connect: the check is SO_PEERCRED, so a refused peer gets a reason instead of EACCES.
        Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        ControlServer cs = new ControlServer(server, path, access, handler);
        cs.acceptor.start(Connection::new, cs::serve);
        return cs;
    }

    private void serve(Connection ch) {
        boolean streaming = false;
        try {
            Connection.Peer peer = ch.peer();
            Reply reply;
            try {
                String line = readLine(ch);
                Request request = Json.read(line, Request.class);
                reply = handle(peer, request);
                if (reply.code() == ExitCodes.OK && request.kind().orElse(null) == Command.LOGS) {
                    reply = logs.take(ch, Json.read(line, LogsRequest.class), reply);
                    streaming = reply == null;
                }
            } catch (IOException e) {
                reply = Reply.error(ExitCodes.USAGE, "bad request: " + e.getMessage());
            }
            if (!streaming) {
                Wire.writeFully(ch, (Json.write(reply) + "\n").getBytes(StandardCharsets.UTF_8));
                ch.finish(16L * MAX_REQUEST);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("control: connection ended: {}", e.toString());
        } finally {
            if (!streaming) {
                closeQuietly(ch);
            }
        }
    }

    private static void closeQuietly(Connection ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // gone already
        }
    }

    private Reply handle(Connection.Peer peer, Request request) {
        if (request.command() == null || !Request.COMMANDS.contains(request.command())) {
            return Reply.error(ExitCodes.USAGE, "unknown command '" + request.command() + "'; commands: " + Request.COMMANDS);
        }
        String refusal = access.refusal(peer.uid(), peer.gid(), request);
        if (refusal != null) {
            LOG.warn("control: refused '{}' from uid {} gid {}: {}", request.command(), peer.uid(), peer.gid(), refusal);
            return Reply.error(ExitCodes.NOT_PERMITTED, refusal);
        }
        try {
            return handler.apply(request).get(request.waitSeconds() + 30L, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Reply.error(ExitCodes.FAILED, "no answer from the daemon's loop: " + e);
        }
    }

    /** Reads one line, at most MAX_REQUEST bytes, within READ_DEADLINE_MILLIS however slowly it drips. */
    static String readLine(Connection ch) throws IOException {
        long deadline = System.currentTimeMillis() + READ_DEADLINE_MILLIS;
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
        while (System.currentTimeMillis() < deadline) {
            int n = ch.read(buf, Math.max(1, deadline - System.currentTimeMillis()));
            for (int i = buf.position() - Math.max(n, 0); i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return new String(buf.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
            if (n < 0) {
                throw new IOException("connection closed before a whole request line");
            }
            if (!buf.hasRemaining()) {
                throw new IOException("request longer than " + MAX_REQUEST + " bytes");
            }
        }
        throw new IOException("no whole request line within " + READ_DEADLINE_MILLIS + " ms");
    }

    @Override
    public void close() {
        acceptor.close();
        logs.close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", path, e.getMessage());
        }
    }
}
