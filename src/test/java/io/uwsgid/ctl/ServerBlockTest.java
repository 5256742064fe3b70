package io.uwsgid.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.SocketSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerBlockTest {
    static SiteConfig site(SocketSpec... sockets) {
        return new SiteConfig("myproject", Path.of("/var/uwsgi/sites-available/myproject.ini"), List.of(), List.of(), List.of(sockets),
                new SiteConfig.Identity("nginx", 998, "nginx", 998, null, null), List.of(), null, false, Duration.ofSeconds(30),
                Duration.ofSeconds(60));
    }

    static SocketSpec sock(String option, String address) {
        return new SocketSpec(option, address, 1024, 0644, 998, 998);
    }

    @Test
    void theSeedsBlockForAUnixSocketSite() {
        String block = ServerBlock.render(site(sock("socket", "/var/run/nginx/myproject.sock")), "80", List.of("www.myproject.com"),
                List.of(ServerBlock.Static.parse("/static=/var/www/myproject/static")));
        assertEquals(String.join("\n",
                "# nginx server block for the uwsgid site myproject (/var/uwsgi/sites-available/myproject.ini)",
                "# from: uwsgictl nginx-conf myproject",
                "server {",
                "    listen 80;",
                "    server_name www.myproject.com;",
                "    charset utf-8;",
                "",
                "    # static locations come before location / (the seed's ordering note)",
                "    location /static/ {",
                "        alias /var/www/myproject/static/;",
                "    }",
                "",
                "    location / {",
                "        include uwsgi_params;",
                "        uwsgi_pass unix:/var/run/nginx/myproject.sock;",
                "    }",
                "}",
                ""), block);
    }

    @Test
    void everyStaticLocationComesBeforeLocationSlash() {
        String block = ServerBlock.render(site(sock("socket", "127.0.0.1:8001")), "80", List.of(),
                List.of(ServerBlock.Static.parse("/static/=/srv/s/"), ServerBlock.Static.parse("/media=/srv/m")));
        int slash = block.indexOf("location / {");
        assertTrue(block.indexOf("location /static/ {") < slash && block.indexOf("location /media/ {") < slash, block);
        assertTrue(block.contains("alias /srv/m/;"), block);
        assertTrue(block.contains("server_name _;"), block);
    }

    @Test
    void tcpSocketsOnEveryAddressAreReachedOnLoopback() {
        assertEquals("127.0.0.1:8001", ServerBlock.address(sock("socket", ":8001")));
        assertEquals("127.0.0.1:8001", ServerBlock.address(sock("socket", "0.0.0.0:8001")));
        assertEquals("[::1]:8001", ServerBlock.address(sock("socket", "[::]:8001")));
        assertEquals("10.0.0.5:8001", ServerBlock.address(sock("socket", "10.0.0.5:8001")));
        assertEquals("unix:/run/a.sock", ServerBlock.address(sock("socket", "/run/a.sock")));
    }

    @Test
    void anHttpOnlySiteIsProxiedNotUwsgiPassed() {
        String block = ServerBlock.render(site(sock("http-socket", "127.0.0.1:9090")), "80", List.of(), List.of());
        assertTrue(block.contains("proxy_pass http://127.0.0.1:9090;"), block);
        assertTrue(!block.contains("uwsgi_pass") && !block.contains("uwsgi_params"), block);
    }

    @Test
    void aUwsgiSocketWinsOverAnHttpSocket() {
        String block = ServerBlock.render(site(sock("http-socket", "127.0.0.1:9090"), sock("uwsgi-socket", "/run/x.sock")), "80", List.of(), List.of());
        assertTrue(block.contains("uwsgi_pass unix:/run/x.sock;") && !block.contains("proxy_pass"), block);
    }

    @Test
    void pathsWithBlanksAreQuoted() {
        String block = ServerBlock.render(site(sock("socket", "/run/my site.sock")), "80", List.of(), List.of(ServerBlock.Static.parse("/s=/srv/my files")));
        assertTrue(block.contains("uwsgi_pass \"unix:/run/my site.sock\";") && block.contains("alias \"/srv/my files/\";"), block);
    }

    @Test
    void badStaticArgumentsSayHowToWriteThem() {
        assertThrows(IllegalArgumentException.class, () -> ServerBlock.Static.parse("/static"));
        assertThrows(IllegalArgumentException.class, () -> ServerBlock.Static.parse("static=/srv"));
        assertThrows(IllegalArgumentException.class, () -> ServerBlock.Static.parse("/static=srv"));
    }
}
