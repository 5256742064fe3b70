package io.uwsgid.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathCheckTest {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void aPidFileInAMissingDirectoryIsAnError() {
        Fixture fx = new Fixture(dir);
        List<Finding> f = fx.preflight("pidfile = $D/run/nginx/site.pid\n");
        assertEquals(List.of(dir.resolve("site.ini") + ":5: error: directory " + dir.resolve("run/nginx") + " does not exist, so uwsgid cannot "
                + "create the pid file " + dir.resolve("run/nginx/site.pid") + "; fix: mkdir -p " + dir.resolve("run/nginx")), Fixture.lines(f));
    }

    @Test
    void aSocketOrLogInAMissingDirectoryIsAnError() {
        List<Finding> f = new Fixture(dir).preflight("socket = $D/nope/b.sock\ndaemonize = $D/logs/site.log\n");
        assertEquals(2, f.size(), f.toString());
        assertTrue(f.get(0).message().endsWith("cannot create the socket " + dir.resolve("nope/b.sock")), f.get(0).message());
        assertTrue(f.get(0).fix().contains("nginx must be able to enter it"), f.get(0).fix());
        assertTrue(f.get(1).message().endsWith("cannot create the log " + dir.resolve("logs/site.log")), f.get(1).message());
    }

    @Test
    void aMissingChdirVenvOrWsgiFileIsAnError() {
        List<Finding> f = new Fixture(dir).preflight("chdir = $D/app\nvirtualenv = venv\nwsgi-file = wsgi.py\n");
        assertEquals(List.of("chdir " + dir.resolve("app") + " does not exist: uWSGI stops at once (exit 1)",
                "virtualenv " + dir.resolve("app/venv") + " does not exist: Python will not find its standard library",
                "wsgi-file " + dir.resolve("app/wsgi.py") + " does not exist: no app will load"), f.stream().map(Finding::message).toList());
    }

    @Test
    void aMissingPythonPathIsOnlyAWarning() {
        List<Finding> f = new Fixture(dir).preflight("python-path = $D/lib\npython-path = $D/*/glob\n");
        assertEquals(1, f.size(), f.toString());
        assertEquals(Severity.WARNING, f.get(0).severity());
    }

    @Test
    void aLogThatIsADirectoryOrALinkCannotBeOpenedByTheMaster() throws Exception {
        Fixture fx = new Fixture(dir);
        fx.mkdir("logs");
        java.nio.file.Files.createSymbolicLink(dir.resolve("link.log"), dir.resolve("elsewhere.log"));
        List<String> directory = fx.preflight("logto = $D/logs\n").stream().map(Finding::message).toList();
        assertEquals(List.of("logto " + dir.resolve("logs") + " is a directory, so uwsgid cannot open it as the site's log"), directory);
        List<Finding> link = fx.preflight("daemonize = $D/link.log\n");
        assertEquals(1, link.size(), link.toString());
        assertTrue(link.get(0).message().startsWith("daemonize " + dir.resolve("link.log") + " is a symbolic link: uwsgid opens logs without "
                + "following links"), link.get(0).message());
        java.nio.file.Files.createLink(dir.resolve("hard.log"), fx.write("shadow", ""));
        List<String> hard = fx.preflight("logto = $D/hard.log\n").stream().map(Finding::message).toList();
        assertEquals(List.of("logto " + dir.resolve("hard.log") + " is hard-linked elsewhere (2 links): uwsgid refuses to write a site's log there"), hard);
    }

    @Test
    void aLoggerFileInAMissingDirectoryIsNamedWhateverItsSpelling() {
        List<Finding> f = new Fixture(dir).preflight("logger = file:$D/a/app.log\nreq-logger = file:logfile=$D/b/req.log,maxsize=100\n"
                + "logger = named file:$D/c/x.log\nlogger = syslog:site\n");
        assertEquals(List.of(5, 6, 7), f.stream().map(Finding::line).toList(), f.toString());
        assertTrue(f.get(1).message().startsWith("directory " + dir.resolve("b") + " does not exist, so uWSGI cannot open its log file "
                + dir.resolve("b/req.log")), f.get(1).message());
    }

    @Test
    void aTcpSocketNeedsAPortAndAHostThatResolves() {
        Fixture fx = new Fixture(dir);
        List<Finding> f = SocketCheck.run(fx.site("http-socket = :$(PORT)\nsocket = no-such-host.invalid:8001\nsocket = 127.0.0.1:8002\n"
                + "socket = :8003\n"));
        assertEquals(List.of(5, 6), f.stream().map(Finding::line).toList(), f.toString());
        assertTrue(f.get(0).message().contains("'$(PORT)' is not a port number"), f.get(0).message());
        assertTrue(f.get(1).message().contains("host 'no-such-host.invalid' resolves to no address, so uwsgid cannot bind it"), f.get(1).message());
    }
}
