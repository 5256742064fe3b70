package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.SocketSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real site files in a temp dir; user nobody and group nogroup exist on the test host. */
class SiteLoaderTest {
    @TempDir
    Path dir;

    private DaemonConfig daemon(boolean allowRoot) throws ConfigException {
        return new DaemonConfigLoader().set("sites-dir", dir.toString()).set("run-dir", dir.resolve("run").toString())
                .set("uwsgi", "/bin/true").set("mercy", "30").set("listen", "100").set("allow-root", Boolean.toString(allowRoot)).build();
    }

    private Path site(String... lines) throws IOException {
        return Files.writeString(dir.resolve("myproject.ini"), String.join("\n", lines) + "\n");
    }

    private SiteConfig load(String... lines) throws IOException, ConfigException {
        return SiteLoader.load(site(lines), daemon(false));
    }

    private ConfigException refused(String... lines) throws IOException {
        Path file = site(lines);
        return assertThrows(ConfigException.class, () -> SiteLoader.load(file, daemon(false)));
    }

    private String sock() {
        return "socket = " + dir.resolve("myproject.sock");
    }

    @Nested
    class ValidFiles {
        @Test
        void aNumberFollowedByWhatLooksLikeACommentIsReadAsUwsgiReadsIt() throws Exception {
            SiteConfig c = load("[uwsgi]", "module = app", "uid = nobody", "gid = nogroup", sock(), "listen = 64 ; the backlog nginx needs");
            assertEquals(64, c.sockets().get(0).backlog());
        }

        @Test
        void aValueWithNoLeadingNumberIsStillRefused() throws Exception {
            ConfigException e = refused("[uwsgi]", "module = app", "uid = nobody", "gid = nogroup", sock(), "listen = many");
            assertTrue(e.getMessage().contains("listen = many is not a whole number"), e.getMessage());
        }

        @Test
        void siteRunsAsItsUserWithItsSocketOwnedByIt() throws Exception {
            SiteConfig c = load("[uwsgi]", "module = app", "uid = nobody", "gid = nogroup", sock(), "chmod-socket = 660");
            assertEquals("myproject", c.name());
            assertEquals(List.of(65534, 65534), List.of(c.identity().uid(), c.identity().gid()));
            assertEquals(List.of(new SocketSpec("socket", dir.resolve("myproject.sock").toString(), 100, 0660, 65534, 65534)), c.sockets());
        }

        @Test
        void masterOwnedOptionsAreTakenOutOfThePassthrough() throws Exception {
            SiteConfig c = load("[uwsgi]", "module = app", "uid = nobody", "gid = nogroup", sock(), "chmod-socket = 660",
                    "pidfile = /run/myproject.pid", "daemonize = /var/log/myproject.log", "vacuum = true", "emperor-tyrant = true",
                    "processes = 4");
            assertEquals(List.of("module", "processes"), c.passthrough().stream().map(Option::key).toList());
            assertEquals(List.of(Path.of("/run/myproject.pid")), c.pidFiles());
            assertEquals(Path.of("/var/log/myproject.log"), c.logFile());
            assertTrue(c.vacuum());
        }

        @Test
        void withoutVacuumTheSocketFileIsKept() throws Exception {
            assertFalse(load("[uwsgi]", "uid = nobody", sock()).vacuum());
        }

        @Test
        void reloadMercyLengthensTheMercyTime() throws Exception {
            assertEquals(Duration.ofSeconds(30), load("[uwsgi]", "uid = nobody", sock()).mercy());
            assertEquals(Duration.ofSeconds(65), load("[uwsgi]", "uid = nobody", sock(), "reload-mercy = 60").mercy());
        }

        @Test
        void groupDefaultsToTheUsersPrimaryGroup() throws Exception {
            assertEquals("nogroup", load("[uwsgi]", "uid = nobody", sock()).identity().group());
            assertNull(load("[uwsgi]", "uid = nobody", sock()).identity().chroot());
        }

        @Test
        void rootIsAllowedOnlyWhenTheDaemonAllowsIt() throws Exception {
            SiteConfig c = SiteLoader.load(site("[uwsgi]", "uid = root", sock()), daemon(true));
            assertEquals(0, c.identity().uid());
        }
    }

    @Nested
    class Refusals {
        @Test
        void noUidIsRefusedWithTheFileAndAFix() throws Exception {
            ConfigException e = refused("[uwsgi]", "module = app", sock());
            assertTrue(e.getMessage().startsWith(dir.resolve("myproject.ini") + ":2: no uid"), e.getMessage());
            assertTrue(e.getMessage().contains("fix: add uid = "), e.getMessage());
        }

        @Test
        void unknownUserIsRefusedAtItsLine() throws Exception {
            ConfigException e = refused("[uwsgi]", "module = app", "uid = ngnix", sock());
            assertEquals(3, e.line());
            assertTrue(e.getMessage().startsWith(dir.resolve("myproject.ini") + ":3: user 'ngnix' does not exist"), e.getMessage());
            assertTrue(e.getMessage().contains("fix: "), e.getMessage());
        }

        @Test
        void unknownGroupIsRefusedAtItsLine() throws Exception {
            ConfigException e = refused("[uwsgi]", "uid = nobody", "gid = ngnix", sock());
            assertEquals(3, e.line());
            assertTrue(e.getMessage().contains("group 'ngnix' does not exist"), e.getMessage());
        }

        @Test
        void rootWithoutAllowRootIsRefusedAtTheUidLine() throws Exception {
            ConfigException e = refused("[uwsgi]", "module = app", "uid = root", sock());
            assertEquals(3, e.line());
            assertTrue(e.getMessage().contains("would run as root"), e.getMessage());
            assertTrue(e.getMessage().contains("allow-root = true"), e.getMessage());
        }

        @Test
        void rootGroupIsRefusedToo() throws Exception {
            ConfigException e = refused("[uwsgi]", "uid = nobody", "gid = root", sock());
            assertTrue(e.getMessage().contains("would run as root"), e.getMessage());
        }

        @Test
        void noSocketIsRefusedWithAFix() throws Exception {
            ConfigException e = refused("[uwsgi]", "module = app", "uid = nobody");
            assertTrue(e.getMessage().startsWith(dir.resolve("myproject.ini") + ":2: no socket"), e.getMessage());
            assertTrue(e.getMessage().contains("fix: add socket = /var/run/nginx/myproject.sock"), e.getMessage());
        }

        @Test
        void inheritedOrAbstractSocketIsRefusedAtItsLine() throws Exception {
            assertEquals(3, refused("[uwsgi]", "uid = nobody", "socket = fd://3").line());
            assertEquals(3, refused("[uwsgi]", "uid = nobody", "socket = @abstract").line());
        }

        @Test
        void badChmodSocketIsRefusedAtItsLine() throws Exception {
            ConfigException e = refused("[uwsgi]", "uid = nobody", sock(), "chmod-socket = rw-rw----");
            assertEquals(4, e.line());
            assertTrue(e.getMessage().contains("is not an octal mode"), e.getMessage());
            assertTrue(e.getMessage().contains("fix: write it like 660"), e.getMessage());
        }

        @Test
        void sectionHeaderWithACommentIsNotTheUwsgiSection() throws Exception {
            ConfigException e = refused("[uwsgi] ; main", "uid = nobody", sock());
            assertTrue(e.getMessage().contains("no options in a [uwsgi] section"), e.getMessage());
        }
    }

    @Nested
    class ReadingEveryRefusal {
        @Test
        void anUnknownUserGroupSocketModeAndNumberAreAllNamed() throws Exception {
            Path file = site("[uwsgi]", "uid = nosuchuser", "gid = nosuchgroup", "socket = @abstract", "chmod-socket = 9x9", "listen = many");
            SiteLoader.Reading r = SiteLoader.readAll(file, IniParser.parse(file), daemon(false));
            assertEquals(List.of(2, 3, 4, 5, 6), r.refusals().stream().map(ConfigException::line).sorted().toList(), r.refusals().toString());
            assertEquals(5, r.refusals().size(), r.refusals().toString());
            assertEquals("user 'nosuchuser' does not exist", r.refusals().get(0).problem());
            assertFalse(r.identityKnown());
            assertEquals(-1, r.site().identity().uid());
        }

        @Test
        void theDaemonStillStopsAtTheFirstOfThem() throws Exception {
            ConfigException e = refused("[uwsgi]", "uid = nosuchuser", "gid = nosuchgroup", "socket = @abstract");
            assertEquals(2, e.line());
            assertEquals("user 'nosuchuser' does not exist", e.problem());
        }

        @Test
        void aRootSiteIsRefusedButItsIdentityIsKnown() throws Exception {
            Path file = site("[uwsgi]", "uid = root", "gid = root", sock());
            SiteLoader.Reading r = SiteLoader.readAll(file, IniParser.parse(file), daemon(false));
            assertEquals(List.of("the site would run as root without a chroot"), r.refusals().stream().map(ConfigException::problem).toList());
            assertTrue(r.identityKnown());
        }

        @Test
        void aValidFileHasNoRefusals() throws Exception {
            Path file = site("[uwsgi]", "uid = nobody", "gid = nogroup", sock());
            SiteLoader.Reading r = SiteLoader.readAll(file, IniParser.parse(file), daemon(false));
            assertEquals(List.of(), r.refusals());
            assertEquals(SiteLoader.load(file, daemon(false)), r.site());
        }
    }
}
