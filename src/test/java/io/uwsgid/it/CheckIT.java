package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * uwsgictl check on the seed's pitfalls, each built for real: the exact finding for each, and
 * nothing at all for a clean seed-style site. nginx's user is nobody here, as the seed's site
 * user is nginx's own.
 */
class CheckIT {
    static final Path DEBIAN_PLUGIN = Path.of("/usr/lib/uwsgi/plugins/python311_plugin.so");

    private static Path daemonConfig(Scene scene) throws IOException {
        return Files.writeString(scene.root.resolve("uwsgid.ini"), "[uwsgid]\nnginx-user = " + Scene.USER + "\n");
    }

    private static Uwsgictl.Result check(Scene scene, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("check", "--config", daemonConfig(scene).toString(), "--sites-dir", scene.sites.toString()));
        args.addAll(List.of(extra));
        return Uwsgictl.offline(args.toArray(String[]::new));
    }

    private static void venv(Path dir) throws Exception {
        Shell.run("/usr/bin/python3", "-m", "venv", "--without-pip", dir.toString());
    }

    private static int lineOf(Path file, String prefix) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError(prefix + " not in " + file);
    }

    private static Path closed(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    @Test
    void aCleanSeedStyleSiteReportsNothing() throws Exception {
        try (Scene scene = new Scene("check-clean")) {
            venv(scene.apps.resolve("venv"));
            Files.createDirectories(scene.apps.resolve("static"));
            Path nginx = Files.writeString(scene.root.resolve("myproject.conf"), "server {\n  listen 80;\n  location /static { alias "
                    + scene.apps.resolve("static") + "; }\n  location / { uwsgi_pass unix://" + scene.socket("myproject") + "; include uwsgi_params; }\n}\n");
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            Uwsgictl.Result r = check(scene, "--nginx", nginx.toString(), "myproject");
            assertEquals(site + ": no problems found\n1 site checked: 0 errors, 0 warnings\n", r.out(), r.toString());
            assertEquals(0, r.exit(), r.toString());
        }
    }

    @Test
    void aPythonTreeUnderA0700HomeNamesTheHomeDirectory() throws Exception {
        try (Scene scene = new Scene("check-home")) {
            Path home = closed(scene.root.resolve("home/alice"));
            venv(home.resolve("venv"));
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py")
                    .replace("python-path = " + scene.apps.resolve("venv/lib/python3.11/site-packages"), "virtualenv = " + home.resolve("venv")));
            Uwsgictl.Result r = check(scene, "myproject");
            int line = lineOf(site, "virtualenv");
            assertTrue(r.out().contains(site + ":" + line + ": error: nobody cannot enter " + home + " (mode 0700, owner root), so it cannot reach "
                    + "virtualenv = " + home.resolve("venv") + "; fix: install Python and its venvs outside home directories and other private places "
                    + "(./configure --prefix=/usr/local --exec-prefix=/usr/local/pythonX.Y --enable-shared; the venv under the project, such as "
                    + "/var/www/SITE/venv), or let nobody through: chmod o+x " + home + "\n"), r.toString());
            assertTrue(r.out().contains(site + ":" + line + ": error: Python, started as nobody, cannot load its standard library (No module named "
                    + "'encodings'; sys.prefix = " + home.resolve("venv") + ")"), "the dry start meets the seed's failure:\n" + r);
            assertEquals(1, r.exit());
        }
    }

    @Test
    void aVenvMadeByAnotherPythonIsAMismatch() throws Exception {
        try (Scene scene = new Scene("check-venv")) {
            Path venv = Files.createDirectories(scene.apps.resolve("venv34/lib/python3.4/site-packages")).getParent().getParent().getParent();
            Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/local/python3.4/bin\ninclude-system-site-packages = false\nversion = 3.4.10\n");
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py")
                    .replace(scene.apps.resolve("venv/lib/python3.11/site-packages").toString(), venv.resolve("lib/python3.4/site-packages").toString())
                    .replace("; Python Environment", "virtualenv = " + venv));
            Uwsgictl.Result r = check(scene, "myproject");
            assertTrue(r.out().contains(site + ":" + lineOf(site, "virtualenv") + ": error: virtualenv " + venv + " was made by Python 3.4.10 "
                    + "(its pyvenv.cfg), but plugin python3 runs Python 3.11: the site's packages in lib/python3.4 are invisible to it; fix: recreate "
                    + "the venv with the plugin's Python: rm -r " + venv + " && /usr/bin/python3.11 -m venv " + venv + " && " + venv
                    + "/bin/pip install -r requirements.txt\n"), r.toString());
            assertTrue(r.out().contains(site + ":" + lineOf(site, "python-path = " + venv) + ": error: python-path " + venv
                    + "/lib/python3.4/site-packages holds packages installed for Python 3.4, but plugin python3 runs Python 3.11; fix: "), r.toString());
            assertEquals(1, r.exit());
        }
    }

    @Test
    void aPluginsDirWithoutThePluginSaysWhereUwsgiLooked() throws Exception {
        try (Scene scene = new Scene("check-plugin")) {
            Path plugins = Files.createDirectories(scene.root.resolve("plugins"));
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py")
                    .replace("plugins = python3", "plugins-dir = " + plugins + "\nplugins = python34"));
            Uwsgictl.Result r = check(scene, "myproject");
            assertTrue(r.out().startsWith(site + ":" + lineOf(site, "plugins =") + ": error: plugin python34 not found: no " + plugins.resolve("python34_plugin.so")
                    + ", /usr/lib/uwsgi/plugins/python34_plugin.so; fix: use a plugin Debian ships (apt-get install uwsgi-plugin-python3; plugins = python3), "
                    + "or build one for your Python: PYTHON=/usr/local/pythonX.Y/bin/pythonX.Y uwsgi --build-plugin \"/usr/src/uwsgi/plugins/python python34\" "
                    + "and copy python34_plugin.so into " + plugins + "\n"), r.toString());
            assertEquals(1, r.exit());
            JsonObject doc = JsonParser.parseString(check(scene, "--json", "myproject").out()).getAsJsonObject();
            JsonObject f = doc.getAsJsonArray("sites").get(0).getAsJsonObject().getAsJsonArray("findings").get(0).getAsJsonObject();
            assertEquals("ERROR", f.get("severity").getAsString());
            assertEquals(lineOf(site, "plugins ="), f.get("line").getAsInt());
        }
    }

    @Test
    void aPluginWhoseLibpythonIsNotInstalledGetsTheLdconfigFix() throws Exception {
        try (Scene scene = new Scene("check-libpython")) {
            Path plugins = Files.createDirectories(scene.root.resolve("plugins"));
            Path plugin = libpython34Plugin(plugins);
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py")
                    .replace("plugins = python3", "plugins-dir = " + plugins + "\nplugins = python34")
                    .replace("venv/lib/python3.11/site-packages", "venv/lib/python3.4/site-packages"));
            Uwsgictl.Result r = check(scene, "myproject");
            assertTrue(r.out().startsWith(site + ":" + lineOf(site, "plugins =") + ": error: plugin python34 (" + plugin + ") needs libpython3.4m.so.1.0, "
                    + "which the dynamic linker cannot find (looked in /etc/ld.so.cache and /lib, /usr/lib"), r.toString());
            assertTrue(r.out().contains("; uwsgid gives sites no LD_LIBRARY_PATH); fix: install the Python the plugin was built with, configured with "
                    + "--enable-shared (./configure --prefix=/usr/local --exec-prefix=/usr/local/pythonX.Y --enable-shared), then echo "
                    + "/usr/local/pythonX.Y/lib > /etc/ld.so.conf.d/pythonX.Y.conf && ldconfig"), r.toString());
            assertEquals(1, r.out().lines().filter(l -> l.contains("needs libpython3.4m.so.1.0")).count(), "the dry start's report of it is the same line:\n" + r);
        }
    }

    /** Debian's python311 plugin with its DT_NEEDED entry renamed in place: a plugin built against a Python 3.4 that is not installed. */
    static Path libpython34Plugin(Path plugins) throws IOException {
        byte[] b = Files.readAllBytes(DEBIAN_PLUGIN);
        int at = new String(b, StandardCharsets.ISO_8859_1).indexOf("libpython3.11.so.1.0");
        byte[] renamed = "libpython3.4m.so.1.0".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(renamed, 0, b, at, renamed.length);
        Path p = Files.write(plugins.resolve("python34_plugin.so"), b);
        Scene.open(p);
        return p;
    }

    @Test
    void aSocketDirectoryNginxCannotEnterNamesTheClosedDirectory() throws Exception {
        try (Scene scene = new Scene("check-socket")) {
            Path closed = closed(scene.root.resolve("private"));
            Path sock = Files.createDirectories(closed.resolve("run")).resolve("myproject.sock");
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py")
                    .replace("socket = " + scene.socket("myproject"), "socket = " + sock));
            venv(scene.apps.resolve("venv"));
            Uwsgictl.Result r = check(scene, "myproject");
            assertEquals(site + ":" + lineOf(site, "socket =") + ": error: nginx's user nobody cannot enter " + closed + " (mode 0700, owner root), "
                    + "so it cannot reach socket " + sock + "; fix: chmod o+x " + closed + " (or give it to a group nobody is in and chmod g+x), or keep "
                    + "the site's socket in a directory nginx can enter, such as /run/uwsgi\n1 site checked: 1 error, 0 warnings\n", r.out(), r.toString());
            assertEquals(1, r.exit());
        }
    }

    @Test
    void aRootSiteWithoutChrootIsRefused() throws Exception {
        try (Scene scene = new Scene("check-root")) {
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py").replace("uid = nobody", "uid = root")
                    .replace("gid = nogroup", "gid = root"));
            venv(scene.apps.resolve("venv"));
            Uwsgictl.Result r = check(scene, "myproject");
            assertEquals(site + ":" + lineOf(site, "uid") + ": error: the site would run as root without a chroot; fix: set uid/gid to an unprivileged "
                    + "user such as nginx; running sites as root needs allow-root = true in uwsgid.ini\n" + site + ": info: the access check as the "
                    + "site's user, whether nginx may connect to its socket, the dry start and the option names check were not run: the site would "
                    + "run as root, which uwsgid refuses; fix: fix the error above, then check again\n1 site checked: 1 error, 0 warnings\n", r.out(), r.toString());
            assertEquals(1, r.exit());
        }
    }

    @Test
    void theSeedsCommentedHeaderAndATypoAreNamed() throws Exception {
        try (Scene scene = new Scene("check-quirks")) {
            venv(scene.apps.resolve("venv"));
            Path seed = scene.writeSite("header", scene.seedSite("header", "hello.py").replace("[uwsgi]\n; Daemon Permission", "[uwsgi] ; Daemon Permission"));
            Path typo = scene.writeSite("typo", scene.seedSite("typo", "hello.py").replace("wsgi-file", "wsgi-fiel"));
            Uwsgictl.Result r = check(scene);
            assertTrue(r.out().contains(seed + ":1: warning: section header '[uwsgi] ; Daemon Permission' is read by uWSGI as section "
                    + "'uwsgi] ; Daemon Permissio': the lines below it are NOT in [uwsgi] and uWSGI silently ignores them; fix: write the header "
                    + "alone on its line as [name] and put comments on their own line\n"), r.toString());
            assertTrue(r.out().contains(seed + ":1: error: no options in a [uwsgi] section"), r.toString());
            assertTrue(r.out().contains(typo + ":" + lineOf(typo, "wsgi-fiel") + ": warning: unknown option 'wsgi-fiel': neither uWSGI's core nor the site's "
                    + "plugins know it, so uWSGI ignores it; fix: did you mean wsgi-file? write wsgi-file = " + scene.apps.resolve("hello.py") + "\n"), r.toString());
            assertEquals(1, r.exit());
        }
    }

    @Test
    void anUnknownSiteIsExit7() throws Exception {
        try (Scene scene = new Scene("check-unknown")) {
            Uwsgictl.Result r = check(scene, "nosuchsite");
            assertEquals(7, r.exit(), r.toString());
            assertTrue(r.err().contains("no such site file: " + scene.sites.resolve("nosuchsite.ini")), r.toString());
        }
    }

    @Test
    void theDaemonRefusesToSpawnWhatCheckRefusesWithTheSameText() throws Exception {
        try (Scene scene = new Scene("check-daemon")) {
            Path plugins = Files.createDirectories(scene.root.resolve("plugins"));
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py").replace("plugins = python3", "plugins-dir = " + plugins + "\nplugins = python34"));
            String line = check(scene, "myproject").out().lines().findFirst().orElseThrow();
            assertTrue(line.contains(": error: plugin python34 not found"), line);
            try (Daemon daemon = Daemon.start(scene, "--config", daemonConfig(scene).toString())) {
                daemon.await("myproject - STOPPED -> FATAL", Duration.ofSeconds(60));
                Uwsgictl.Result status = Uwsgictl.run(scene, "status", "myproject");
                assertTrue(status.out().contains("FATAL") && status.out().contains("  " + line + "\n"), status.toString());
                assertTrue(!Files.exists(scene.socket("myproject")), "no socket is bound for a site that cannot spawn");
            }
        }
    }

    @Test
    void aMissingUserNoLongerHidesAMissingChdirAndLogDirectoryAndSaysWhatItCouldNotCheck() throws Exception {
        try (Scene scene = new Scene("check-every")) {
            venv(scene.apps.resolve("venv"));
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py").replace("uid = nobody", "uid = nosuchuser")
                    .replace("chdir = " + scene.apps, "chdir = " + scene.root.resolve("gone"))
                    .replace("daemonize = " + scene.log("myproject"), "daemonize = " + scene.root.resolve("nologs/myproject.log")));
            Uwsgictl.Result r = check(scene, "myproject");
            List<String> errors = r.out().lines().filter(l -> l.contains(": error: ")).toList();
            List<String> expected = List.of(site + ":" + lineOf(site, "uid") + ": error: user 'nosuchuser' does not exist",
                    site + ":" + lineOf(site, "chdir") + ": error: chdir " + scene.root.resolve("gone") + " does not exist",
                    site + ":" + lineOf(site, "daemonize") + ": error: directory " + scene.root.resolve("nologs") + " does not exist");
            assertEquals(expected.size(), errors.size(), r.toString());
            for (int i = 0; i < expected.size(); i++) {
                assertTrue(errors.get(i).startsWith(expected.get(i)), expected.get(i) + "\n" + r);
            }
            assertTrue(r.out().contains(site + ": info: the access check as the site's user, whether nginx may connect to its socket, the dry start and "
                    + "the option names check were not run: the site's user or group (nosuchuser:nogroup) does not exist"), r.toString());
            assertEquals(1, r.exit());
        }
    }

    @Test
    void uwsgisOwnRefusalsAreNamedEachOnItsLineWithThePluginToLoad() throws Exception {
        try (Scene scene = new Scene("check-refusals")) {
            venv(scene.apps.resolve("venv"));
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py")
                    + "route = ^/old/(.*) redirect:/new/$1\nroute = ^/x badaction:\nlogger = file:" + scene.logs.resolve("app.log")
                    + "\nhttp-socket = no-such-host.invalid:8001\n");
            Uwsgictl.Result r = check(scene, "myproject");
            assertTrue(r.out().contains(site + ":" + lineOf(site, "route = ^/old") + ": error: uWSGI refuses this file (it says: unable to register route "
                    + "\"^/old/(.*) redirect:/new/$1\"): no loaded plugin provides the route action 'redirect'; fix: load its plugin above this line: "
                    + "plugins = router_redirect (/usr/lib/uwsgi/plugins/router_redirect_plugin.so)\n"), r.toString());
            assertTrue(r.out().contains(site + ":" + lineOf(site, "route = ^/x") + ": error: uWSGI refuses this file (it says: unable to register route "
                    + "\"^/x badaction:\"): no loaded plugin provides the route action 'badaction'; fix: use an action uwsgi --router-list names"), r.toString());
            assertTrue(r.out().contains(site + ":" + lineOf(site, "logger") + ": error: uWSGI refuses this file (it says: unable to find logger file): "
                    + "no loaded plugin provides the logger 'file'; fix: load its plugin above this line: plugins = logfile"), r.toString());
            assertTrue(r.out().contains(site + ":" + lineOf(site, "http-socket") + ": error: http-socket = no-such-host.invalid:8001: host "
                    + "'no-such-host.invalid' resolves to no address, so uwsgid cannot bind it"), r.toString());
            assertEquals(1, r.exit());
        }
    }

    @Test
    void strictModeNamesEveryUnknownOptionAsUwsgisRefusal() throws Exception {
        try (Scene scene = new Scene("check-strict")) {
            venv(scene.apps.resolve("venv"));
            Path site = scene.writeSite("myproject", scene.seedSite("myproject", "hello.py").replace("master = true", "strict = true")
                    .replace("wsgi-file", "wsgi-fiel") + "http-timeout = 30\n");
            Uwsgictl.Result r = check(scene, "myproject");
            assertTrue(r.out().contains(site + ":" + lineOf(site, "wsgi-fiel") + ": error: uWSGI refuses this file in strict mode (strict = true on line "
                    + lineOf(site, "strict") + "): unknown option 'wsgi-fiel': neither uWSGI's core nor the site's plugins know it; fix: did you mean "
                    + "wsgi-file?"), r.toString());
            assertTrue(r.out().contains(site + ":" + lineOf(site, "http-timeout") + ": error: uWSGI refuses this file in strict mode"), r.toString());
            assertTrue(r.out().contains("fix: if it is plugin http's option, load it above this line: plugins = http"), r.toString());
            assertEquals(2, r.out().lines().filter(l -> l.contains("uWSGI refuses")).count(), "one line each, uWSGI's own and the check's merged:\n" + r);
        }
    }
}
