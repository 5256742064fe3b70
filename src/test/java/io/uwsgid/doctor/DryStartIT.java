package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.config.SiteConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real uWSGI, started as nobody through setpriv: what it prints, mapped to findings; and the probe's answers. */
class DryStartIT {
    @TempDir
    Path dir;

    private Fixture open() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Fixture(dir);
    }

    private static DryStart dryStart(Fixture fx) {
        return new DryStart(fx.daemon.setpriv(), fx.daemon.uwsgi());
    }

    @Test
    void debiansPluginLoadsAndPythonStartsAsNobody() throws Exception {
        Fixture fx = open();
        SiteConfig site = fx.site("plugins = python3\nchdir = /tmp\n");
        assertEquals(List.of(), dryStart(fx).run(site, Plugins.of(site.options())));
    }

    @Test
    void uwsgisOwnErrorForAMissingLibpythonIsTheSameFindingAsThePreflights() throws Exception {
        Fixture fx = open();
        Path plugins = fx.mkdir("plugins");
        Files.setPosixFilePermissions(PluginCheckTest.pluginNeedingLibpython34(plugins), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwxr-xr-x"));
        SiteConfig site = fx.site("plugins-dir = $D/plugins\nplugins = python34\n");
        List<Finding> dry = dryStart(fx).run(site, Plugins.of(site.options()));
        assertEquals(Preflight.run(site, fx.daemon), dry, "uWSGI printed the dlopen error and it was read as the preflight words it");
    }

    @Test
    void aVenvNobodyCannotEnterStopsPythonAtEncodings() throws Exception {
        Fixture fx = open();
        Path home = fx.mkdir("home/alice");
        Files.setPosixFilePermissions(dir.resolve("home"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        fx.mkdir("home/alice/venv/lib/python3.11/site-packages");
        fx.write("home/alice/venv/pyvenv.cfg", "home = /usr/bin\nversion = 3.11.2\n");
        SiteConfig site = fx.site("plugins = python3\nvirtualenv = $D/home/alice/venv\n");
        List<Finding> f = dryStart(fx).run(site, Plugins.of(site.options()));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).message().startsWith("Python, started as nobody, cannot load its standard library (No module named 'encodings'"), f.toString());
    }

    @Test
    void thePythonPluginsOptionsAreListed() throws Exception {
        Fixture fx = open();
        SiteConfig site = fx.site("plugins = python3\n");
        Set<String> names = dryStart(fx).optionNames(Who.of(site.identity()), Plugins.of(site.options())).orElseThrow();
        assertTrue(names.containsAll(List.of("wsgi-file", "module", "virtualenv", "python-path", "pp", "socket")), names.toString());
    }

    @Test
    void theProbeAnswersAsTheUserNotAsRoot() throws Exception {
        Fixture fx = open();
        Path closed = fx.mkdir("closed/inner");
        Files.setPosixFilePermissions(dir.resolve("closed"), PosixFilePermissions.fromString("rwx------"));
        Path secret = fx.write("secret.txt", "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path readable = fx.write("readable.txt", "x");
        Files.setPosixFilePermissions(readable, PosixFilePermissions.fromString("rw-r--r--"));
        Probe.Query q1 = new Probe.Query(closed, "rx"), q2 = new Probe.Query(secret, "r"), q3 = new Probe.Query(readable, "r"),
                q4 = new Probe.Query(dir.resolve("nothing/here"), "rx");
        Map<Probe.Query, Probe.Answer> a = new Probe(fx.daemon.setpriv()).ask(new Who("nobody", 65534, 65534, List.of()), List.of(q1, q2, q3, q4));
        assertEquals(new Probe.Answer(dir.resolve("closed"), 'x'), a.get(q1));
        assertEquals(new Probe.Answer(secret, 'r'), a.get(q2));
        assertTrue(a.get(q3).ok());
        assertEquals(new Probe.Answer(dir.resolve("nothing"), 'm'), a.get(q4));
    }
}
