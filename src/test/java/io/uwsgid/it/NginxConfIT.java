package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code uwsgictl nginx-conf}'s output, unchanged, passes nginx -t and serves the site and its static files. */
class NginxConfIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void unixTcpAndHttpSocketSitesAreServedThroughTheBlocksItPrints() throws Exception {
        try (Scene scene = new Scene("nginxconf")) {
            Path statics = Files.createDirectories(scene.root.resolve("static"));
            Scene.open(statics);
            Files.writeString(statics.resolve("hello.txt"), "a static file\n");
            scene.writeSite("unixsite", scene.seedSite("unixsite", "hello.py"));
            scene.writeSite("tcpsite", scene.seedSite("tcpsite", "hello.py")
                    .replace("socket = " + scene.socket("tcpsite"), "socket = 127.0.0.1:" + Nginx.freePort()));
            scene.writeSite("httpsite", scene.seedSite("httpsite", "hello.py")
                    .replace("socket = " + scene.socket("httpsite"), "http-socket = :" + Nginx.freePort()));
            try (Daemon daemon = Daemon.start(scene)) {
                for (String site : new String[] {"unixsite", "tcpsite", "httpsite"}) {
                    daemon.await(site + " - STARTING -> RUNNING", WAIT);
                }
                String unix = servesSiteAndStatics(scene, "unixsite", statics);
                assertTrue(unix.contains("uwsgi_pass unix:" + scene.socket("unixsite") + ";"), unix);
                String tcp = servesSiteAndStatics(scene, "tcpsite", statics);
                assertTrue(tcp.matches("(?s).*uwsgi_pass 127\\.0\\.0\\.1:\\d+;.*"), tcp);
                String http = servesSiteAndStatics(scene, "httpsite", statics);
                assertTrue(http.matches("(?s).*proxy_pass http://127\\.0\\.0\\.1:\\d+;.*") && !http.contains("uwsgi_pass"), http);
            }
        }
    }

    @Test
    void aSiteThatDoesNotExistIsExitSeven() throws Exception {
        try (Scene scene = new Scene("nginxconf-missing")) {
            Uwsgictl.Result r = Uwsgictl.offline("nginx-conf", "nosuch", "--sites-dir", scene.sites.toString());
            assertEquals(7, r.exit(), r.toString());
            assertTrue(r.err().contains("no such site"), r.toString());
        }
    }

    private static String servesSiteAndStatics(Scene scene, String site, Path statics) throws Exception {
        int port = Nginx.freePort();
        Uwsgictl.Result r = Uwsgictl.offline("nginx-conf", site, "--sites-dir", scene.sites.toString(), "--listen", "127.0.0.1:" + port,
                "--server-name", "localhost", "--static", "/static=" + statics);
        assertEquals(0, r.exit(), r.toString());
        String block = r.out();
        assertTrue(block.indexOf("location /static/") < block.indexOf("location / {"), block);
        try (Nginx nginx = Nginx.startServer(scene, site, block, port)) {
            String base = "http://127.0.0.1:" + port + "/";
            Http.Response app = Http.await200(base, WAIT);
            assertTrue(app.body().matches("hello from pid \\d+ uid 65534\\n"), site + ": " + app.body());
            Http.Response file = Http.await200(base + "static/hello.txt", WAIT);
            assertEquals("a static file\n", file.body(), site);
        }
        return block;
    }
}
