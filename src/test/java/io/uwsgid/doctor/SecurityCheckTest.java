package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.DaemonConfigLoader;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityCheckTest {
    @TempDir
    Path dir;

    @Test
    void aSiteWithoutGidIsWarnedThatPlainUwsgiKeepsRootsGroup() throws ConfigException {
        Fixture fx = new Fixture(dir);
        Path f = fx.write("site.ini", "[uwsgi]\nuid = nobody\nsocket = " + dir.resolve("s.sock") + "\nchmod-socket = 644\n");
        List<Finding> found = Preflight.run(SiteLoader.load(f, fx.daemon), fx.daemon);
        assertEquals(List.of(f + ":2: warning: no gid: plain uWSGI would keep root's group (gid 0) after dropping to nobody; "
                + "uwsgid uses its primary group nogroup; fix: add gid = nogroup"), Fixture.lines(found));
    }

    @Test
    void aSocketEveryoneMayWriteToIsAWarning() {
        List<Finding> f = new Fixture(dir).preflight("chmod-socket = 666\n");
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.WARNING, f.get(0).severity());
        assertEquals("socket " + dir.resolve("site.sock") + " gets mode 0666: every local user can connect to the site, bypassing nginx", f.get(0).message());
        assertEquals(5, f.get(0).line());
    }

    @Test
    void readBitsGrantNothingOnASocketSoTheSeeds644Passes() {
        assertEquals(List.of(), new Fixture(dir).preflight("chmod-socket = 644\n"));
        assertEquals(List.of(), new Fixture(dir).preflight("chmod-socket = 660\n"));
    }

    @Test
    void aJailOthersMayWriteToIsRefusedAsTheDaemonRefusesIt() throws IOException {
        Path jail = Files.createDirectories(dir.resolve("jail"));
        Files.setPosixFilePermissions(jail, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<Finding> f = new Fixture(dir).preflight("chroot = " + jail + "\n");
        assertEquals("refusing to jail a site in " + jail + ": " + jail + " is writable by others (mode 0777)", f.get(0).message(), f.toString());
        assertEquals(5, f.get(0).line());
    }

    @Test
    void aJailedSitesPathsAndPluginsAreLookedForInsideItsJail() throws IOException {
        Fixture fx = new Fixture(dir);
        Path jail = fx.mkdir("jail");
        fx.write("jail/app/hello.py", "");
        List<Finding> f = fx.preflight("chroot = " + jail + "\nwsgi-file = /app/hello.py\nplugins = python3\n");
        assertEquals(List.of("plugin python3 not found: no " + jail + "/usr/lib/uwsgi/plugins/python3_plugin.so"),
                f.stream().map(Finding::message).toList(), "the wsgi-file is found in the jail; the plugin is looked for there");
    }

    @Test
    void aRootSiteThatUwsgidIniAllowsIsStillWarnedAbout() throws ConfigException {
        Fixture fx = new Fixture(dir);
        Path f = fx.write("site.ini", "[uwsgi]\nuid = root\ngid = root\nsocket = " + dir.resolve("s.sock") + "\n");
        DaemonConfig allowing = new DaemonConfigLoader().set("allow-root", "true").set("uwsgi", "/usr/bin/uwsgi").set("setpriv", "/usr/bin/setpriv").build();
        SiteConfig site = SiteLoader.load(f, allowing);
        List<Finding> found = Preflight.run(site, allowing);
        assertTrue(found.get(0).message().startsWith("the site runs as root (uid 0, gid 0)"), found.toString());
    }

    @Test
    void aUwsgiBinaryOthersMayWriteIsRefusedLikeSshdsStrictModes() throws Exception {
        Path uwsgi = Files.copy(Path.of("/bin/true"), dir.resolve("uwsgi"));
        Files.setPosixFilePermissions(uwsgi, PosixFilePermissions.fromString("rwxrwxrwx"));
        Fixture fx = new Fixture(dir);
        SiteConfig site = fx.site("");
        List<Finding> f = Preflight.run(site, new DaemonConfigLoader().set("uwsgi", uwsgi.toString()).build());
        assertEquals(uwsgi + ": error: refusing to run " + uwsgi + " as root: " + uwsgi + " is writable by others (mode 0777); fix: chmod go-w "
                + uwsgi, f.get(0).toString());
    }

    @Test
    void aRootSiteWithoutAllowRootIsRefusedWhenTheFileIsRead() throws IOException {
        Fixture fx = new Fixture(dir);
        Path f = fx.write("root.ini", "[uwsgi]\nuid = root\nsocket = " + dir.resolve("s.sock") + "\n");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> SiteLoader.load(f, fx.daemon));
        assertEquals(f + ":2: error: the site would run as root without a chroot; fix: set uid/gid to an unprivileged user such as nginx; "
                + "running sites as root needs allow-root = true in uwsgid.ini", Finding.of(e).toString());
    }
}
