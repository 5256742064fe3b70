package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A site user planting links where the master writes, and hostile clients on the control socket. */
class AttackIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void linksPlantedInEveryDirectoryTheMasterWritesNeverReachTheCanary() throws Exception {
        try (Scene scene = new Scene("links")) {
            Canary canary = new Canary(scene);
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            canary.symlink(scene.sockets, "myproject.pid");
            canary.symlink(scene.sockets, "myproject.sock");
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                canary.assertUntouched("after start with links planted at the pid file and socket");
                assertTrue(Files.isRegularFile(scene.pidFile("myproject"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
                assertFalse(Files.isSymbolicLink(scene.socket("myproject")));

                for (int round = 0; round < 3; round++) {
                    canary.symlink(scene.sockets, "myproject.pid.tmp");
                    canary.symlink(scene.sockets, ".uwsgid-0000000000000000");
                    assertEquals(0, Uwsgictl.run(scene, "reload", "myproject").exit());
                    canary.assertUntouched("after reload " + round);
                    assertFalse(Files.isSymbolicLink(scene.pidFile("myproject")));
                }

                Files.move(scene.log("myproject"), scene.logs.resolve("myproject.log.1"));
                canary.symlink(scene.logs, "myproject.log");
                daemon.signal("USR1");
                daemon.await("myproject - cannot reopen its log: .*myproject.log", Duration.ofSeconds(10));
                try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                    assertEquals(200, Http.await200(nginx.url("myproject"), Duration.ofSeconds(10)).status(), "the site keeps serving");
                }
                canary.assertUntouched("after a log reopen onto a planted link");

                Shell.run("ln", "-f", canary.path.toString(), scene.logs.resolve("hardlinked.log").toString());
                scene.writeSite("other", scene.seedSite("other", "hello.py").replace(scene.log("other").toString(),
                        scene.logs.resolve("hardlinked.log").toString()));
                String refused = daemon.await("other - STOPPED -> FATAL", START);
                // refused before the spawn, in check's words with file:line (the log open would refuse it too)
                assertTrue(refused.contains("other.ini:") && refused.contains("daemonize " + scene.logs.resolve("hardlinked.log")
                        + " is hard-linked elsewhere") && refused.contains("uwsgid refuses to write a site's log there"), refused);
                Files.delete(scene.logs.resolve("hardlinked.log"));
            }
            canary.assertUntouched("after the daemon stopped");
        }
    }

    @Test
    void malformedOversizedAndSlowControlRequestsCostTheDaemonNothing() throws Exception {
        try (Scene scene = new Scene("control")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                Path sock = scene.run.resolve("control.sock");
                assertTrue(exchange(sock, "this is not json\n").contains("\"code\":2"));
                assertTrue(exchange(sock, "{\"command\":\"format-disk\"}\n").contains("unknown command"));
                assertTrue(exchange(sock, "x".repeat(200_000)).contains("longer than 65536 bytes"));

                try (SocketChannel slow = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    slow.connect(UnixDomainSocketAddress.of(sock));
                    long t0 = System.nanoTime();
                    for (int i = 0; i < 3; i++) {
                        slow.write(ByteBuffer.wrap("{".getBytes(StandardCharsets.UTF_8)));
                        Uwsgictl.Result status = Uwsgictl.run(scene, "status");
                        assertEquals(0, status.exit(), "another client is served while one drips: " + status);
                        Thread.sleep(1000);
                    }
                    String reply = new String(Channels.newInputStream(slow).readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(reply.contains("no whole request line within 5000 ms"), reply);
                    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(15).toNanos());
                }
                assertEquals(0, Uwsgictl.run(scene, "status", "myproject").exit());
                assertTrue(daemon.process.isAlive());
            }
        }
    }

    private static String exchange(Path sock, String request) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(sock));
            OutputStream out = Channels.newOutputStream(ch);
            try {
                out.write(request.getBytes(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                // the server may answer and close before an oversized request is written whole
            }
            InputStream in = Channels.newInputStream(ch);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
