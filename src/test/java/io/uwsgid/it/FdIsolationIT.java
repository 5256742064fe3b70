package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each child holds its own socket, log pipe and emperor pipe, and nothing else of the master's. */
class FdIsolationIT {
    @Test
    void eachSiteHoldsNoFdOfTheMasterButItsOwn() throws Exception {
        try (Scene scene = new Scene("fds")) {
            scene.writeSite("alpha", scene.seedSite("alpha", "hello.py"));
            scene.writeSite("beta", scene.seedSite("beta", "hello.py").replace("daemonize = " + scene.log("beta") + "\n", ""));
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("(alpha|beta) - STARTING -> RUNNING", Duration.ofSeconds(30));
                daemon.await("(alpha|beta) - STARTING -> RUNNING", Duration.ofSeconds(30));
                Map<Integer, String> master = SiteProcesses.fds(daemon.pid());
                Set<String> masterTargets = new HashSet<>(master.values());
                // "anon_inode:[eventpoll]" names a kind, not an instance: the master's selectors and uWSGI's own epoll look alike
                masterTargets.removeIf(t -> t.startsWith("anon_inode:"));
                assertTrue(masterTargets.stream().anyMatch(t -> t.endsWith("uwsgid.jar")), "the master holds its jar open: " + masterTargets);
                String alphaSocket = SiteProcesses.fds(SiteProcesses.masterPid(scene.pidFile("alpha"))).get(3);
                String betaSocket = SiteProcesses.fds(SiteProcesses.masterPid(scene.pidFile("beta"))).get(3);
                assertFalse(alphaSocket.equals(betaSocket));
                for (String site : new String[] {"alpha", "beta"}) {
                    for (int pid : SiteProcesses.of(scene.pidFile(site))) {
                        Map<Integer, String> fds = SiteProcesses.fds(pid);
                        assertEquals("/dev/null", fds.get(0), site + " pid " + pid + " stdin");
                        assertEquals(fds.get(1), fds.get(2), "stdout and stderr are the same log pipe");
                        Set<String> own = Set.of(fds.get(1), fds.get(3));
                        for (Map.Entry<Integer, String> fd : fds.entrySet()) {
                            String t = fd.getValue();
                            assertFalse(masterTargets.contains(t) && !own.contains(t),
                                    site + " pid " + pid + " fd " + fd.getKey() + " -> " + t + " is one of the master's own fds");
                            assertFalse(t.endsWith(".jar") || t.endsWith(".log"), site + " fd " + fd.getKey() + " -> " + t);
                        }
                        assertFalse(fds.containsValue(site.equals("alpha") ? betaSocket : alphaSocket), site + " holds the other site's socket");
                    }
                }
            }
        }
    }
}
