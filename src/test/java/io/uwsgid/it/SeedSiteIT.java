package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.Proc;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's myproject.ini, unchanged but for its paths and user, served through real nginx. */
class SeedSiteIT {
    @Test
    void seedSiteServesThroughNginxWithEveryProcessAsTheSiteUser() throws Exception {
        try (Scene scene = new Scene("seed")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", Duration.ofSeconds(30));
                try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                    Http.Response r = Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));
                    assertTrue(r.body().matches("hello from pid \\d+ uid 65534\\n"), r.body());

                    int master = SiteProcesses.masterPid(scene.pidFile("myproject"));
                    List<Integer> group = Proc.processGroup(master);
                    assertEquals(3, group.size(), "master and 2 workers: " + group);
                    for (int pid : group) {
                        Proc.Status st = Proc.status(pid);
                        assertEquals(List.of(65534, 65534, 65534, 65534), List.of(st.uid(), st.euid(), st.gid(), st.egid()), "pid " + pid);
                        assertTrue(st.noNewPrivs(), "NoNewPrivs on pid " + pid);
                        assertEquals(0L, st.capEff(), "CapEff of pid " + pid);
                        assertEquals("uwsgi", Proc.read(java.nio.file.Path.of("/proc/" + pid + "/comm")).trim());
                    }
                    assertTrue(r.body().contains("pid " + group.get(0)) || group.stream().anyMatch(p -> r.body().contains("pid " + p + " ")));

                    PosixFileAttributes sock = Files.readAttributes(scene.socket("myproject"), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    assertTrue(sock.isOther(), "a socket, not a regular file");
                    assertEquals("rw-r--r--", PosixFilePermissions.toString(sock.permissions()));
                    assertEquals("nobody", sock.owner().getName());
                    assertEquals("nogroup", sock.group().getName());

                    String log = Files.readString(scene.log("myproject"));
                    assertTrue(log.contains("spawned uWSGI worker 2"), "the site's output lands in its daemonize file:\n" + log);
                }
            }
        }
    }
}
