package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Sites with memory-max and pids-max on this host's real cgroups (v1 memory and pids here), real
 * uWSGI, real nginx: a fork bomb stops at its limit, a memory hog is OOM-killed alone while its
 * neighbour serves, and a stop leaves nothing of the site, a double-forked grandchild included.
 */
class CgroupLimitsIT {
    private static final Duration START = Duration.ofSeconds(30);

    private static String limited(Scene scene, String site, String... limits) throws Exception {
        return scene.seedSite(site, "limits.py").replace("processes = 2", "processes = 2\n" + String.join("\n", limits));
    }

    private static Daemon start(Scene scene, int port) throws Exception {
        String cgroup = "uwsgid-it-" + scene.root.getFileName();
        return Daemon.start(scene, "--config", Scrape.config(scene, port, "cgroup = " + cgroup).toString());
    }

    /** The directory of {@code site}'s generation {@code gen} in the v1 hierarchy of {@code controller}, as the daemon's cgroup places it. */
    private static Path cgroupOf(Daemon daemon, Scene scene, String controller, String site, int gen) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/cgroup"))) {
            String[] f = line.split(":", 3);
            if (List.of(f[1].split(",")).contains(controller)) {
                return Path.of("/sys/fs/cgroup/" + controller + f[2]).resolve("uwsgid-it-" + scene.root.getFileName()).resolve(site)
                        .resolve(Integer.toString(gen));
            }
        }
        throw new AssertionError("the daemon is in no " + controller + " cgroup");
    }

    @Test
    void aForkBombStopsAtItsPidsLimitAndTheStopLeavesNoProcess() throws Exception {
        try (Scene scene = new Scene("forkbomb")) {
            scene.writeSite("bomb", limited(scene, "bomb", "pids-max = 20"));
            int port = Nginx.freePort();
            try (Daemon daemon = start(scene, port)) {
                daemon.await("bomb - STARTING -> RUNNING", START);
                Path pids = cgroupOf(daemon, scene, "pids", "bomb", 1);
                assertEquals("20", Files.readString(pids.resolve("pids.max")).trim());
                List<String> members = Files.readAllLines(pids.resolve("cgroup.procs"));
                assertTrue(members.contains(Integer.toString(SiteProcesses.masterPid(scene.pidFile("bomb")))), "the master is in " + pids);
                try (Nginx nginx = Nginx.start(scene, Map.of("bomb", scene.socket("bomb")))) {
                    Http.Response r = Http.get(nginx.url("bomb") + "fork");
                    Matcher m = Pattern.compile("forked (\\d+) refused (\\S+)").matcher(r.body());
                    assertTrue(m.find(), r.body());
                    assertEquals("11", m.group(2), "fork() is refused with EAGAIN: " + r.body());
                    assertTrue(Integer.parseInt(m.group(1)) < 20, r.body());
                    long current = Long.parseLong(Files.readString(pids.resolve("pids.current")).trim());
                    assertTrue(current <= 20 && current > 3, "pids.current " + current);
                    assertTrue(Files.readString(pids.resolve("pids.events")).matches("(?s)max [1-9].*"), Files.readString(pids.resolve("pids.events")));
                    List<Integer> all = Files.readAllLines(pids.resolve("cgroup.procs")).stream().map(Integer::parseInt).toList();
                    assertEquals(0, Uwsgictl.run(scene, "stop", "bomb").exit());
                    for (int pid : all) {
                        assertFalse(SiteProcesses.alive(pid), "pid " + pid + " of the stopped site survived");
                    }
                    assertFalse(Files.exists(pids), pids + " is removed");
                }
            }
        }
    }

    @Test
    void aMemoryHogIsKilledInItsOwnCgroupWhileItsNeighbourServes() throws Exception {
        try (Scene scene = new Scene("hog")) {
            scene.writeSite("hog", limited(scene, "hog", "memory-max = 128M"));
            scene.writeSite("calm", limited(scene, "calm", "memory-max = 256M"));
            int port = Nginx.freePort();
            try (Daemon daemon = start(scene, port)) {
                daemon.await("(hog|calm) - STARTING -> RUNNING", START);
                daemon.await("(hog|calm) - STARTING -> RUNNING", START);
                Path mem = cgroupOf(daemon, scene, "memory", "hog", 1);
                assertEquals(128L << 20, Long.parseLong(Files.readString(mem.resolve("memory.limit_in_bytes")).trim()));
                try (Nginx nginx = Nginx.start(scene, Map.of("hog", scene.socket("hog"), "calm", scene.socket("calm")))) {
                    Http.await200(nginx.url("calm"), Duration.ofSeconds(10));
                    try (Load load = new Load(nginx.url("calm"))) {
                        Thread.sleep(300);
                        Http.Response eaten = Http.get(nginx.url("hog") + "eat");
                        assertEquals(502, eaten.status(), "the worker that ate past memory-max was killed mid-request: " + eaten.body());
                        Thread.sleep(500);
                        load.close();
                        assertEquals(List.of(), load.failures(), "the neighbour's requests while the hog was killed");
                        assertTrue(load.ok() > 10, "the neighbour served " + load.ok());
                    }
                    assertTrue(Files.readString(mem.resolve("memory.oom_control")).matches("(?s).*oom_kill [1-9].*"));
                    assertEquals(200, Http.await200(nginx.url("hog"), Duration.ofSeconds(10)).status(), "uWSGI replaced the killed worker");
                    Scrape s = Scrape.await(port, "uwsgid_site_cgroup_oom_kills_total{site=\"hog\"}", v -> v >= 1, Duration.ofSeconds(10));
                    assertEquals(0.0, s.value("uwsgid_site_cgroup_oom_kills_total{site=\"calm\"}"));
                    assertEquals(128.0 * (1 << 20), s.value("uwsgid_site_cgroup_memory_max_bytes{site=\"hog\"}"));
                    assertTrue(s.value("uwsgid_site_cgroup_memory_bytes{site=\"hog\"}") > 1 << 20, s.text);
                    String json = Uwsgictl.run(scene, "status", "hog", "--json").out();
                    assertTrue(json.matches("(?s).*\"cgroup\": \\{.*\"oomKills\": [1-9].*"), json);
                }
            }
        }
    }

    @Test
    void aBadLimitFailsItsSiteAloneNamingFileLineAndFix() throws Exception {
        try (Scene scene = new Scene("badlimit")) {
            scene.writeSite("good", limited(scene, "good", "pids-max = 50"));
            java.nio.file.Path bad = scene.writeSite("bad", limited(scene, "bad", "memory-max = lots"));
            int port = Nginx.freePort();
            try (Daemon daemon = start(scene, port)) {
                daemon.await("good - STARTING -> RUNNING", START);
                String fatal = daemon.await("bad - .*FATAL", START);
                int line = Files.readAllLines(bad).indexOf("memory-max = lots") + 1;
                assertTrue(fatal.contains(bad + ":" + line) && fatal.contains("memory-max = lots is not an amount of memory")
                        && fatal.contains("memory-max = 512M"), fatal);
                Uwsgictl.Result check = Uwsgictl.offline("check", "--config", scene.root.resolve("uwsgid.ini").toString(), "--sites-dir",
                        scene.sites.toString(), "--no-probes", bad.toString());
                assertTrue(check.out().contains(bad + ":" + line), check.out() + check.err());
                try (Nginx nginx = Nginx.start(scene, Map.of("good", scene.socket("good")))) {
                    assertEquals(200, Http.await200(nginx.url("good"), Duration.ofSeconds(10)).status());
                }
            }
        }
    }

    /** A host without cgroup controllers: the daemon and check run in a mount namespace with /sys/fs/cgroup unmounted. */
    private static final List<String> NO_CGROUPS = List.of("unshare", "-m", "sh", "-c", "umount -R /sys/fs/cgroup && exec \"$@\"", "sh");

    @Test
    void withoutControllersALimitedSiteIsRefusedUnlessTheOperatorAllowsItToRunUnlimited() throws Exception {
        try (Scene scene = new Scene("nocgroups")) {
            java.nio.file.Path capped = scene.writeSite("capped", limited(scene, "capped", "pids-max = 50"));
            scene.writeSite("plain", scene.seedSite("plain", "hello.py"));
            java.nio.file.Path ini = scene.root.resolve("uwsgid.ini");
            Files.writeString(ini, "[uwsgid]\nmetrics =\n");
            int line = Files.readAllLines(capped).indexOf("pids-max = 50") + 1;
            try (Daemon daemon = Daemon.start(scene, NO_CGROUPS, Map.of(), "--config", ini.toString())) {
                daemon.await("plain - STARTING -> RUNNING", START);
                String fatal = daemon.await("capped - STOPPED -> FATAL", START);
                assertTrue(fatal.contains(capped + ":" + line) && fatal.contains("pids-max = 50 needs the cgroup pids controller")
                        && fatal.contains("allow-unlimited = true"), fatal);

                List<String> check = new java.util.ArrayList<>(NO_CGROUPS);
                check.addAll(List.of("java", "@" + Daemon.CTL_OPTIONS, "-cp", Daemon.JAR.toString(), "io.uwsgid.ctl.Ctl", "check", "--config",
                        ini.toString(), "--sites-dir", scene.sites.toString(), "--no-probes", capped.toString()));
                Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertEquals(1, p.waitFor(), out);
                assertTrue(out.contains(capped + ":" + line + ": error: pids-max = 50 needs the cgroup pids controller"), out);

                Files.writeString(ini, "[uwsgid]\nmetrics =\nallow-unlimited = true\n");
                daemon.signal("HUP");
                daemon.await("capped - runs without \\[pids-max\\]", START);
                daemon.await("capped - STARTING -> RUNNING", START);
            }
        }
    }

    @Test
    void aDoubleForkedGrandchildDoesNotOutliveItsSite() throws Exception {
        try (Scene scene = new Scene("grandchild")) {
            scene.writeSite("leaky", limited(scene, "leaky", "pids-max = 50"));
            int port = Nginx.freePort();
            try (Daemon daemon = start(scene, port)) {
                daemon.await("leaky - STARTING -> RUNNING", START);
                try (Nginx nginx = Nginx.start(scene, Map.of("leaky", scene.socket("leaky")))) {
                    int grandchild = Integer.parseInt(Http.await200(nginx.url("leaky") + "daemon", Duration.ofSeconds(10)).body().strip());
                    assertTrue(SiteProcesses.alive(grandchild));
                    int master = SiteProcesses.masterPid(scene.pidFile("leaky"));
                    String pgid = Files.readString(Path.of("/proc/" + grandchild + "/stat")).replaceAll("^.*\\) \\S+ \\d+ (\\d+) .*$", "$1").strip();
                    assertFalse(pgid.equals(Integer.toString(master)), "the grandchild left the site's process group (" + pgid + ")");
                    assertEquals(0, Uwsgictl.run(scene, "stop", "leaky").exit());
                    daemon.await("leaky - killing 1 process\\(es\\) left in cgroup", Duration.ofSeconds(5));
                    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                    while (SiteProcesses.alive(grandchild) && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertFalse(SiteProcesses.alive(grandchild), "the double-forked grandchild " + grandchild + " survived the stop");
                }
            }
        }
    }
}
