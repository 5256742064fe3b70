package io.uwsgid.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** uwsgictl logs against a stand-in daemon that answers with canned lines: what it prints and how it exits. */
class LogsTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter(), err = new StringWriter();
    String request;

    /** Runs uwsgictl logs with {@code args} against a daemon that sends {@code answer} and closes. */
    int run(String answer, String... args) throws Exception {
        Path sock = dir.resolve("control.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> serve(server, answer));
            String[] full = new String[args.length + 3];
            full[0] = "logs";
            full[1] = "--socket";
            full[2] = sock.toString();
            System.arraycopy(args, 0, full, 3, args.length);
            CommandLine cl = Ctl.commandLine(full);
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(full);
            request = seen.get();
            return code;
        }
    }

    private static String serve(ServerSocketChannel server, String answer) {
        try (SocketChannel ch = server.accept()) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (buf.position() == 0 || buf.get(buf.position() - 1) != '\n') {
                ch.read(buf);
            }
            ch.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static final String OK = "{\"code\":0,\"message\":\"\",\"results\":[],\"sites\":[]}\n";

    @Test
    void printsTheLinesOfEveryFrameAndExitsWithTheEndsCode() throws Exception {
        int code = run(OK + "{\"lines\":[\"one\",\"two\"]}\n{\"lines\":[\"three\"]}\n{\"end\":\"\",\"code\":0}\n", "myproject", "-n", "3", "-f");
        assertEquals(0, code, err.toString());
        assertEquals("one\ntwo\nthree\n", out.toString());
        assertEquals("", err.toString());
        assertTrue(request.contains("\"command\":\"logs\"") && request.contains("\"sites\":[\"myproject\"]")
                && request.contains("\"lines\":3") && request.contains("\"follow\":true"), request);
    }

    @Test
    void aFollowerCutOffSaysWhyAndFails() throws Exception {
        int code = run(OK + "{\"lines\":[\"one\"]}\n{\"end\":\"fell more than 512 KiB behind\",\"code\":1}\n", "myproject", "-f");
        assertEquals(1, code);
        assertEquals("one\n", out.toString());
        assertTrue(err.toString().contains("fell more than 512 KiB behind"), err.toString());
    }

    @Test
    void aStreamCutShortIsAFailure() throws Exception {
        assertEquals(1, run(OK + "{\"lines\":[\"one\"]}\n", "myproject"));
        assertTrue(err.toString().contains("closed the stream before its end"), err.toString());
    }

    @Test
    void anErrorReplyIsPrintedWithItsCode() throws Exception {
        assertEquals(7, run("{\"code\":7,\"message\":\"no site named x (sites: a, b)\",\"results\":[],\"sites\":[]}\n", "x"));
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("no site named x (sites: a, b)"), err.toString());
    }

    @Test
    void aNegativeCountIsAUsageErrorWithoutAsking() throws Exception {
        String[] args = {"logs", "--socket", dir.resolve("none.sock").toString(), "x", "-n", "-1"};
        CommandLine cl = Ctl.commandLine(args);
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute(args));
    }
}
