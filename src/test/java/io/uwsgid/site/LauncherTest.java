package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteConfig.Identity;
import io.uwsgid.config.SiteLoader;
import io.uwsgid.os.ChildSpec;
import io.uwsgid.os.ListeningSocket;
import io.uwsgid.os.LogSink;
import io.uwsgid.os.OsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {
    @TempDir
    Path dir;

    private ListeningSocket socket(String option, String address, int fd) {
        return new ListeningSocket(option, address, fd, address.startsWith("/") ? Path.of(address) : null, 1, 100 + fd);
    }

    private List<String> lines(String ini) {
        return ini.lines().toList();
    }

    @Nested
    class GeneratedIni {
        @Test
        void firstSocketIsInheritedFdThree() {
            String ini = Launcher.generatedIni(SiteFixture.siteConfig(dir, true), List.of(socket("socket", "/run/a.sock", 17)));
            assertEquals("[uwsgi]", lines(ini).get(0));
            assertTrue(lines(ini).contains("socket = fd://3"), ini);
            assertTrue(lines(ini).contains("listen = 128"), ini);
        }

        @Test
        void secondSocketIsInheritedFdFourUnderItsOwnOption() {
            String ini = Launcher.generatedIni(SiteFixture.siteConfig(dir, true),
                    List.of(socket("socket", "/run/a.sock", 17), socket("http-socket", "127.0.0.1:8001", 18)));
            assertTrue(lines(ini).contains("socket = fd://3"), ini);
            assertTrue(lines(ini).contains("http-socket = fd://4"), ini);
        }

        @Test
        void masterAndNeedAppAreAddedUnlessTheSiteSetsThem() {
            String ini = Launcher.generatedIni(SiteFixture.siteConfig(dir, true), List.of(socket("socket", "/run/a.sock", 17)));
            assertTrue(lines(ini).contains("master = true"), ini);
            assertTrue(lines(ini).contains("need-app = true"), ini);
        }

        @Test
        void theSitesOwnMasterAndNeedAppAreKeptAndNotDoubled() {
            SiteConfig site = SiteFixture.siteConfig(dir, true, "master = 1", "need-app = false");
            List<String> l = lines(Launcher.generatedIni(site, List.of(socket("socket", "/run/a.sock", 17))));
            assertEquals(List.of("master = 1"), l.stream().filter(s -> s.startsWith("master")).toList());
            assertEquals(List.of("need-app = false"), l.stream().filter(s -> s.startsWith("need-app")).toList());
        }

        @Test
        void workersBeatEveryThirdOfTheHealthTimeoutUnlessTheSiteSetsItsOwnHeartbeat() {
            List<ListeningSocket> socket = List.of(socket("socket", "/run/a.sock", 17));
            assertTrue(lines(Launcher.generatedIni(SiteFixture.siteConfig(dir, true), socket)).contains("heartbeat = 3"), "10 s health-timeout");
            List<String> own = lines(Launcher.generatedIni(SiteFixture.siteConfig(dir, true, "heartbeat = 2"), socket));
            assertEquals(List.of("heartbeat = 2"), own.stream().filter(l -> l.startsWith("heartbeat")).toList());
        }

        @Test
        void theMostBeatsASecondAreItsWorkersOverTheirHeartbeat() {
            assertEquals(1 / 3.0, SiteFixture.siteConfig(dir, true).beatsPerSecondAtMost(), 1e-9, "1 worker, every 3 s");
            assertEquals(4.0, SiteFixture.siteConfig(dir, true, "processes = 8", "heartbeat = 2").beatsPerSecondAtMost(), 1e-9);
            assertEquals(16 / 3.0, SiteFixture.siteConfig(dir, true, "workers = 4", "processes = 16").beatsPerSecondAtMost(), 1e-9,
                    "workers and processes both name the count: the larger counts");
        }

        @Test
        void noHeartbeatWhenHangDetectionIsOff() {
            SiteConfig c = SiteFixture.siteConfig(dir, true);
            SiteConfig off = new SiteConfig(c.name(), c.file(), c.options(), c.passthrough(), c.sockets(), c.identity(), c.pidFiles(),
                    c.logFile(), c.vacuum(), c.mercy(), c.startTimeout(), new io.uwsgid.config.OwnOptions(io.uwsgid.config.CgroupLimits.NONE,
                    java.time.Duration.ZERO));
            assertFalse(Launcher.generatedIni(off, List.of(socket("socket", "/run/a.sock", 17))).contains("heartbeat"));
            assertEquals(0, off.heartbeat());
            assertEquals(0, off.beatsPerSecondAtMost(), 1e-9);
        }

        @Test
        void percentSignsAreEscapedSoUwsgiDoesNotExpandThemAgain() {
            SiteConfig site = SiteFixture.siteConfig(dir, true, "env = DISCOUNT=50%n");
            String ini = Launcher.generatedIni(site, List.of(socket("socket", "/run/a.sock", 17)));
            assertTrue(lines(ini).contains("env = DISCOUNT=50%%n"), ini);
        }

        @Test
        void masterOwnedOptionsOfARealSiteFileNeverReachUwsgi() throws IOException, ConfigException {
            Path file = dir.resolve("myproject.ini");
            Files.writeString(file, String.join("\n", "[uwsgi]", "module = app:application", "uid = nobody", "gid = nogroup",
                    "socket = " + dir.resolve("myproject.sock"), "chmod-socket = 660", "chown-socket = nobody:nogroup",
                    "pidfile = " + dir.resolve("myproject.pid"), "daemonize = " + dir.resolve("myproject.log"), "vacuum = true",
                    "chroot = /srv/jail", "emperor = /etc/uwsgi/vassals", "listen = 100", "processes = 4", "stats = 127.0.0.1:1717",
                    "stats-http = true", ""));
            SiteConfig site = SiteLoader.load(file, SiteFixture.daemon(dir));
            String ini = Launcher.generatedIni(site, List.of(socket("socket", dir.resolve("myproject.sock").toString(), 17)));
            for (String owned : List.of("uid", "gid", "pidfile", "daemonize", "vacuum", "chmod-socket", "chown-socket", "chroot", "emperor",
                    "stats")) {
                assertFalse(lines(ini).stream().anyMatch(l -> l.startsWith(owned + " ")), owned + " reached uWSGI:\n" + ini);
            }
            assertEquals(List.of("socket = fd://3"), lines(ini).stream().filter(l -> l.startsWith("socket")).toList());
            assertTrue(lines(ini).contains("processes = 4") && lines(ini).contains("module = app:application"), ini);
        }
    }

    @Nested
    class StatsServer {
        private ChildSpec prepare(FakeKernel kernel, DaemonConfig daemon, SiteConfig site, int generation, java.util.Set<Integer> live)
                throws OsException {
            return new Launcher(daemon, kernel).prepare(site, List.of(socket("socket", "/run/a.sock", 17)), LogSink.console("myproject"),
                    generation, live);
        }

        @Test
        void eachGenerationGetsItsOwnStatsSocketInADirectoryTheSiteUserOwns() throws OsException {
            FakeKernel kernel = new FakeKernel();
            DaemonConfig daemon = SiteFixture.daemon(dir);
            prepare(kernel, daemon, SiteFixture.siteConfig(dir, true), 3, java.util.Set.of(1, 2));
            Path ini = dir.resolve("run/sites/myproject/uwsgi.ini");
            assertTrue(lines(kernel.lastWrite(ini).content()).contains("stats = " + dir.resolve("run/sites/myproject/stats/3.sock")));
            assertEquals(new FakeKernel.SiteDirMade(dir.resolve("run/sites/myproject/stats"), 65534, 65534, java.util.Set.of("1.sock", "2.sock")),
                    kernel.siteDirsMade.get(0));
        }

        @Test
        void aJailedSiteGetsNoStatsSocketItCouldNotReach() throws OsException {
            FakeKernel kernel = new FakeKernel();
            SiteConfig plain = SiteFixture.siteConfig(dir, true);
            Identity jailed = new Identity("nobody", 65534, "nogroup", 65534, null, Path.of("/"));
            SiteConfig site = new SiteConfig(plain.name(), plain.file(), plain.options(), plain.passthrough(), plain.sockets(), jailed,
                    plain.pidFiles(), plain.logFile(), plain.vacuum(), plain.mercy(), plain.startTimeout());
            prepare(kernel, SiteFixture.daemon(dir), site, 1, java.util.Set.of());
            assertTrue(kernel.written.stream().noneMatch(w -> w.content().contains("stats =")), kernel.written.toString());
            assertEquals(List.of(), kernel.siteDirsMade);
        }

        @Test
        void aStatsPathTooLongForAUnixSocketIsLeftOutRatherThanFailingTheSpawn() throws OsException {
            FakeKernel kernel = new FakeKernel();
            Path deep = dir.resolve("x".repeat(Launcher.MAX_UNIX_PATH));
            prepare(kernel, SiteFixture.daemon(deep), SiteFixture.siteConfig(dir, true), 1, java.util.Set.of());
            assertTrue(kernel.written.stream().noneMatch(w -> w.content().contains("stats =")));
        }
    }

    @Nested
    class DroppingPrivileges {
        @Test
        void setprivSetsIdsForbidsNewPrivilegesAndClearsCapabilitiesBeforeUwsgi() throws OsException {
            FakeKernel kernel = new FakeKernel();
            DaemonConfig daemon = SiteFixture.daemon(dir);
            ChildSpec spec = new Launcher(daemon, kernel).prepare(SiteFixture.siteConfig(dir, true),
                    List.of(socket("socket", "/run/a.sock", 17)), LogSink.console("myproject"), 1, java.util.Set.of());
            Path ini = dir.resolve("run/sites/myproject/uwsgi.ini");
            assertEquals("/usr/bin/setpriv", spec.path());
            assertEquals(List.of("setpriv", "--reuid=65534", "--regid=65534", "--init-groups", "--no-new-privs", "--inh-caps=-all",
                    "--bounding-set=-all", "--", "/bin/true", "--ini", ini.toString()), spec.argv());
            assertEquals(new FakeKernel.DirMade(ini.getParent(), 0750, 65534), kernel.dirsMade.get(0));
            FakeKernel.Written w = kernel.lastWrite(ini);
            assertEquals(List.of(0640, 0, 65534), List.of(w.mode(), w.uid(), w.gid()));
        }

        @Test
        void emptySupplementaryGroupsAreClearedAndListedOnesSet() {
            assertTrue(Launcher.dropPrivileges(new Identity("nobody", 65534, "nogroup", 65534, List.of(), null)).contains("--clear-groups"));
            assertTrue(Launcher.dropPrivileges(new Identity("nobody", 65534, "nogroup", 65534, List.of(4, 33), null)).contains("--groups=4,33"));
        }

        @Test
        void uwsgiWritableByOthersIsRefusedBeforeAnythingIsWritten() throws IOException {
            Path uwsgi = Files.writeString(dir.resolve("uwsgi"), "#!/bin/sh\n");
            Files.setPosixFilePermissions(uwsgi, PosixFilePermissions.fromString("rwxrwxrwx"));
            DaemonConfig daemon = SiteFixture.daemon(dir, uwsgi);
            FakeKernel kernel = new FakeKernel();
            OsException e = assertThrows(OsException.class, () -> new Launcher(daemon, kernel).prepare(SiteFixture.siteConfig(dir, true),
                    List.of(socket("socket", "/run/a.sock", 17)), LogSink.console("myproject"), 1, java.util.Set.of()));
            assertTrue(e.getMessage().contains("writable by others"), e.getMessage());
            assertEquals(List.of(), kernel.written);
        }
    }
}
