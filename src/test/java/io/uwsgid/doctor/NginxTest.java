package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.SocketSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxTest {
    @TempDir
    Path dir;

    @Nested
    class Config {
        @Test
        void theSeedsServerBlockPassesToItsSocketAndServesItsStaticDirectory() throws Exception {
            Path f = new Fixture(dir).write("myproject.conf", """
                    server {
                        listen 80;
                        server_name www.myproject.com;
                        charset utf-8;
                        location /static { alias /var/www/myproject/static; }   # must come before location /
                        location / { uwsgi_pass unix:///var/run/nginx/myproject.sock; include uwsgi_params; }
                    }
                    """);
            List<NginxConf.Server> servers = NginxConf.servers(f);
            assertEquals(1, servers.size());
            assertEquals(List.of(Path.of("/var/run/nginx/myproject.sock")), servers.get(0).sockets());
            assertEquals(List.of(new NginxConf.Static(Path.of("/var/www/myproject/static"), "alias", "/static", f, 5)), servers.get(0).statics());
        }

        @Test
        void upstreamsQuotesAndCommentsAreUnderstood() throws Exception {
            Path f = new Fixture(dir).write("nginx.conf", """
                    http {
                      upstream app { server unix:/run/uwsgi/app.sock; }  # the site
                      server {
                        root "/srv/www";
                        location / { uwsgi_pass app; }
                      }
                      server { location / { uwsgi_pass 127.0.0.1:8001; } }
                    }
                    """);
            List<NginxConf.Server> servers = NginxConf.servers(f);
            assertEquals(List.of(Path.of("/run/uwsgi/app.sock")), servers.get(0).sockets());
            assertEquals(Path.of("/srv/www"), servers.get(0).statics().get(0).path());
            assertEquals(List.of(), servers.get(1).sockets());
        }
    }

    @Nested
    class Connecting {
        final Who nginx = new Who("www-data", 33, 33, null);

        private SocketSpec socket(int mode, int uid, int gid) {
            return new SocketSpec("socket", "/run/x.sock", 100, mode, uid, gid);
        }

        @Test
        void theOwnerNeedsItsWriteBit() {
            assertTrue(NginxCheck.mayConnect(socket(0644, 33, 65534), nginx));
            assertFalse(NginxCheck.mayConnect(socket(0444, 33, 65534), nginx));
        }

        @Test
        void theGroupNeedsTheGroupWriteBit() {
            assertTrue(NginxCheck.mayConnect(socket(0660, 65534, 33), nginx));
            assertFalse(NginxCheck.mayConnect(socket(0644, 65534, 33), nginx));
        }

        @Test
        void othersNeedTheOthersWriteBitAndOwnerBitsDoNotHelpThem() {
            assertFalse(NginxCheck.mayConnect(socket(0664, 65534, 65534), nginx));
            assertTrue(NginxCheck.mayConnect(socket(0666, 65534, 65534), nginx));
            assertFalse(NginxCheck.mayConnect(socket(0066, 33, 65534), nginx), "the owner's bits decide for the owner");
        }
    }

    @Test
    void aSocketNginxMayNotWriteToIsAnErrorWithTheChownFix() {
        Fixture fx = new Fixture(dir);
        List<Finding> f = NginxCheck.permissions(fx.site("chmod-socket = 644\n"), new Who("www-data", 33, 33, null));
        assertEquals("nginx's user www-data may not connect to socket " + dir.resolve("site.sock") + " (owner nobody:nogroup, mode 0644: "
                + "connecting takes write permission)", f.get(0).message());
        assertEquals("chown-socket = nobody:www-data with chmod-socket = 660 (or chown-socket = www-data with chmod-socket = 600)", f.get(0).fix());
    }
}
