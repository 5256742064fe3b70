package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Bad input never takes down the daemon or another site: full disks, lost directories, broken files by the hundred. */
class BadInputIT {
    private static final Duration START = Duration.ofSeconds(30);

    @Test
    void aFullLogDiskIsReportedOnceAndTheSiteKeepsServingThenWritingResumes() throws Exception {
        try (Scene scene = new Scene("diskfull")) {
            Path small = Files.createDirectories(scene.root.resolve("small"));
            Shell.run("mount", "-t", "tmpfs", "-o", "size=64k,mode=0755", "tmpfs", small.toString());
            try {
                Path log = small.resolve("myproject.log");
                scene.writeSite("myproject", scene.seedSite("myproject", "hello.py").replace(scene.log("myproject").toString(), log.toString()));
                try (Daemon daemon = Daemon.start(scene)) {
                    daemon.await("myproject - STARTING -> RUNNING", START);
                    try (Nginx nginx = Nginx.start(scene, Map.of("myproject", scene.socket("myproject")))) {
                        Http.await200(nginx.url("myproject"), Duration.ofSeconds(10));
                        for (int i = 0; i < 600; i++) {
                            assertEquals(200, Http.get(nginx.url("myproject") + "?fill=" + "x".repeat(200)).status(), "request " + i);
                        }
                        daemon.await("myproject - cannot write its log: .*No space left on device", START);
                        Thread.sleep(500);
                        assertEquals(1, count(daemon.log(), "myproject - cannot write its log"), "reported once, not per line");

                        Shell.run("truncate", "-s", "0", log.toString());
                        Http.get(nginx.url("myproject") + "?after=1");
                        daemon.await("myproject - writing its log again", START);
                        Thread.sleep(300);
                        assertTrue(Files.readString(log).contains("?after=1"), "lines are written again once there is room");
                    }
                }
            } finally {
                Shell.status("umount", small.toString());
            }
        }
    }

    @Test
    void strictModeReachesUwsgiWhichRefusesAMisspeltOptionWhileItsNeighbourServes() throws Exception {
        try (Scene scene = new Scene("strict")) {
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py") + "strict = true\n");
            scene.writeSite("typo", scene.seedSite("typo", "hello.py") + "strict = true\nprocesess = 4\n");
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                String fatal = daemon.await("typo - STARTING -> FATAL", START);
                assertTrue(fatal.contains("uWSGI refused the configuration (exit 1)") && fatal.contains("unknown config directive: procesess"), fatal);
                Uwsgictl.Result status = Uwsgictl.run(scene, "status", "myproject");
                assertTrue(status.out().contains("RUNNING"), status.toString());
            }
        }
    }

    @Test
    void aLostSitesDirectoryAndAnInvalidDaemonConfigOnHupChangeNothingThatRuns() throws Exception {
        try (Scene scene = new Scene("lostdir")) {
            Path ini = scene.root.resolve("uwsgid.ini");
            Files.writeString(ini, "[uwsgid]\nmercy = 10\n");
            scene.writeSite("myproject", scene.seedSite("myproject", "hello.py"));
            try (Daemon daemon = Daemon.start(scene, "--config", ini.toString())) {
                daemon.await("myproject - STARTING -> RUNNING", START);
                int master = SiteProcesses.masterPid(scene.pidFile("myproject"));

                Files.writeString(ini, "[uwsgid]\nmercy = soon\n");
                daemon.signal("HUP");
                String bad = daemon.await("uwsgid.ini is invalid, keeping the settings in force", START);
                assertTrue(bad.contains(ini + ":2: mercy = soon is not a positive number"), bad);

                Files.writeString(ini, "[uwsgid]\nmercy = 10\n");
                Path moved = scene.root.resolve("sites-moved");
                Files.move(scene.sites, moved);
                daemon.signal("HUP");
                daemon.await("cannot read the sites directory " + scene.sites + " .*every running site keeps running", START);
                Thread.sleep(1000);
                assertEquals(master, SiteProcesses.masterPid(scene.pidFile("myproject")));
                assertTrue(SiteProcesses.alive(master));
                Uwsgictl.Result status = Uwsgictl.run(scene, "status", "myproject");
                assertTrue(status.out().contains("RUNNING"), status.out());
            }
        }
    }

    @Test
    void twoHundredMalformedSiteFilesAreEachFatalWithFileAndLineWhileTheGoodSiteServes() throws Exception {
        try (Scene scene = new Scene("malformed")) {
            scene.writeSite("good", scene.seedSite("good", "hello.py"));
            Random random = new Random(20261125);
            for (int i = 0; i < 200; i++) {
                String name = String.format("bad%03d", i);
                scene.writeSite(name, Mutations.breakIt(scene.seedSite(name, "hello.py"), random, scene));
            }
            try (Daemon daemon = Daemon.start(scene)) {
                daemon.await("good - STARTING -> RUNNING", Duration.ofSeconds(120));
                Pattern fatal = Pattern.compile("(bad\\d{3}) - STOPPED -> FATAL \\((.*)\\)");
                for (int i = 0; i < 200; i++) {
                    String line = daemon.await("bad\\d{3} - STOPPED -> FATAL", Duration.ofSeconds(60));
                    Matcher m = fatal.matcher(line);
                    assertTrue(m.find(), line);
                    assertTrue(m.group(2).startsWith(scene.sites.resolve(m.group(1) + ".ini") + ":")
                            && m.group(2).matches(".*\\.ini:\\d+: .*"), "file:line in: " + line);
                }
                try (Nginx nginx = Nginx.start(scene, Map.of("good", scene.socket("good")))) {
                    assertEquals(200, Http.await200(nginx.url("good"), Duration.ofSeconds(10)).status());
                }
                assertTrue(daemon.process.isAlive());
                assertEquals(201, com.google.gson.JsonParser.parseString(Uwsgictl.run(scene, "status", "--json").out())
                        .getAsJsonObject().getAsJsonArray("sites").size());
            }
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** Ways to break a valid site file so that uwsgid must refuse it, chosen at random. */
    static final class Mutations {
        private Mutations() {}

        static String breakIt(String valid, Random r, Scene scene) {
            List<String> lines = new java.util.ArrayList<>(List.of(valid.split("\n", -1)));
            switch (r.nextInt(8)) {
                case 0 -> lines.removeIf(l -> l.startsWith("uid"));
                case 1 -> lines.replaceAll(l -> l.startsWith("uid") ? "uid = nouser" + r.nextInt(1000) : l);
                case 2 -> lines.replaceAll(l -> l.startsWith("gid") ? "gid = nogroup" + r.nextInt(1000) : l);
                case 3 -> lines.removeIf(l -> l.startsWith("socket"));
                case 4 -> lines.replaceAll(l -> l.startsWith("chmod-socket") ? "chmod-socket = " + garbage(r) : l);
                case 5 -> lines.add(2 + r.nextInt(lines.size() - 2), "ini = " + scene.sites.resolve("missing-" + r.nextInt(1000) + ".ini"));
                case 6 -> lines.replaceAll(l -> l.startsWith("uid") ? "uid = root" : l.startsWith("gid") ? "gid = root" : l);
                default -> lines.replaceAll(l -> l.startsWith("listen") || l.startsWith("processes") ? "listen = q" + garbage(r) : l); // a leading number would be read as uWSGI reads it
            }
            if (r.nextBoolean()) {
                lines.add(1 + r.nextInt(lines.size() - 1), "; " + garbage(r));
            }
            return String.join("\n", lines);
        }

        private static String garbage(Random r) {
            StringBuilder b = new StringBuilder();
            for (int i = 0, n = 1 + r.nextInt(12); i < n; i++) {
                b.append((char) ('!' + r.nextInt(90)));
            }
            return b.toString().replace("=", "").replace("%", "").replace("$", "").replace("@", "") + "x";
        }
    }
}
