package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.config.Option;
import io.uwsgid.doctor.AccessCheck.Need;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Answers as the probe gives them, turned into the findings a person reads. */
class AccessCheckTest {
    @TempDir
    Path dir;

    @Test
    void pathsBehindOneClosedDirectoryMakeOneFindingNamingThemAll() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/alice"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Path file = dir.resolve("site.ini");
        Need venv = Need.of(home.resolve("venv"), "rx", new Option("virtualenv", home + "/venv", file, 4), "virtualenv = " + home + "/venv",
                AccessCheck.Kind.PYTHON);
        Need pp = Need.of(home.resolve("app"), "rx", new Option("python-path", home + "/app", file, 5), "python-path = " + home + "/app",
                AccessCheck.Kind.CODE);
        Probe.Answer blocked = new Probe.Answer(home, 'x');
        List<Finding> f = AccessCheck.judge("nginx", "nginx", List.of(venv, pp), Map.of(venv.query(), blocked, pp.query(), blocked));
        assertEquals(List.of(file + ":4: error: nginx cannot enter " + home + " (mode 0700, owner root), so it cannot reach virtualenv = " + home
                + "/venv and python-path = " + home + "/app; fix: install Python and its venvs outside home directories and other private places "
                + "(./configure --prefix=/usr/local --exec-prefix=/usr/local/pythonX.Y --enable-shared; the venv under the project, such as "
                + "/var/www/SITE/venv), or let nginx through: chmod o+x " + home), Fixture.lines(f));
    }

    @Test
    void aFileThatCannotBeReadIsNamedItself() throws Exception {
        Path app = Files.writeString(dir.resolve("app.py"), "x = 1\n");
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rw-------"));
        Need n = Need.of(app, "r", new Option("wsgi-file", app.toString(), dir.resolve("s.ini"), 3), "wsgi-file = " + app, AccessCheck.Kind.CODE);
        List<Finding> f = AccessCheck.judge("nobody", "nobody", List.of(n), Map.of(n.query(), new Probe.Answer(app, 'r')));
        assertEquals("nobody cannot read " + app + " (mode 0600, owner root), so it cannot use wsgi-file = " + app, f.get(0).message());
        assertEquals("chmod o+r " + app + " (or give it to a group nobody is in and chmod g+r)", f.get(0).fix());
    }

    @Test
    void probeQueriesCoverEveryComponentFromTheRoot() {
        assertEquals(List.of(Path.of("/"), Path.of("/var"), Path.of("/var/www"), Path.of("/var/www/app")), Probe.chain(Path.of("/var/www/./app")));
    }
}
