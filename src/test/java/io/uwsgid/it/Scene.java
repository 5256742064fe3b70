package io.uwsgid.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary world for one test, under /tmp so that nobody can read the apps: sites dir, run
 * dir, an app dir, and a socket dir owned by the site user the way the seed's /var/run/nginx is.
 */
final class Scene implements AutoCloseable {
    static final String USER = "nobody", GROUP = "nogroup";
    final Path root, sites, run, apps, sockets, logs;

    Scene(String name) throws IOException {
        root = Files.createTempDirectory(Path.of("/tmp"), "uwsgid-" + name + "-");
        sites = dir("sites");
        run = root.resolve("run");
        apps = dir("apps");
        sockets = dir("sockets");
        logs = dir("logs");
        open(root);
        chown(sockets, USER);
        chown(logs, USER);
    }

    private Path dir(String name) throws IOException {
        Path p = Files.createDirectories(root.resolve(name));
        open(p);
        return p;
    }

    static void open(Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static void chown(Path p, String user) throws IOException {
        Files.setOwner(p, p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user));
    }

    /** Copies an app from src/test/resources/apps into the apps dir, readable by the site user. */
    Path app(String name) throws IOException {
        Path target = apps.resolve(name);
        try (InputStream in = Scene.class.getResourceAsStream("/apps/" + name)) {
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        return target;
    }

    Path socket(String site) {
        return sockets.resolve(site + ".sock");
    }

    Path pidFile(String site) {
        return sockets.resolve(site + ".pid");
    }

    Path log(String site) {
        return logs.resolve(site + ".log");
    }

    /** The seed's myproject.ini with its paths moved into this scene and its user made nobody. */
    String seedSite(String site, String app) throws IOException {
        Path wsgi = app(app);
        return String.join("\n",
                "[uwsgi]",
                "; Daemon Permission",
                "uid = " + USER,
                "gid = " + GROUP,
                "plugins = python3",
                "chdir = " + apps,
                "wsgi-file = " + wsgi,
                "; Python Environment",
                "python-path = " + apps,
                "python-path = " + apps.resolve("venv/lib/python3.11/site-packages"),
                "; Socket Configurations",
                "pidfile = " + pidFile(site),
                "socket = " + socket(site),
                "chmod-socket= 644",
                "processes = 2",
                "; Run in Daemon Mode",
                "daemonize = " + log(site),
                "; Additional Flags",
                "master = true",
                "vacuum = true",
                "enable-threads = true",
                "");
    }

    Path writeSite(String site, String content) throws IOException {
        Path f = sites.resolve(site + ".ini");
        Files.writeString(f, content);
        return f;
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
