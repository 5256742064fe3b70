package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What reaches uWSGI: the site's own options, never a directive the parser already carried out. */
class PassthroughTest {
    @TempDir
    Path dir;

    @Test
    void anIncludedFilesMasterOwnedOptionsAndReadingDirectivesNeverReachUwsgi() throws Exception {
        Path other = Files.writeString(dir.resolve("other.ini"), "[uwsgi]\nsocket = " + dir.resolve("evil.sock") + "\ndaemonize = "
                + dir.resolve("evil.log") + "\nprocesses = 4\n");
        Path site = Files.writeString(dir.resolve("myproject.ini"), String.join("\n", "[uwsgi]", "uid = nobody", "gid = nogroup",
                "socket = " + dir.resolve("myproject.sock"), "ini = " + other, "set-ph = greeting=hi", "env = G=%(greeting)",
                "for = a b", "env = L=%(_)", "endfor =", "if-env = NO_SUCH_VARIABLE_HERE", "env = HIDDEN=1", "endif =", ""));
        DaemonConfig daemon = new DaemonConfigLoader().set("run-dir", dir.resolve("run").toString()).build();
        SiteConfig config = SiteLoader.load(site, daemon);

        List<String> passed = config.passthrough().stream().map(o -> o.key() + " = " + o.value()).toList();
        assertEquals(List.of("processes = 4", "greeting = hi", "env = G=hi", "env = L=a", "env = L=b"), passed);
        assertEquals(List.of(dir.resolve("myproject.sock").toString(), dir.resolve("evil.sock").toString()),
                config.sockets().stream().map(s -> s.address()).toList(), "the master binds what the include names");
        assertEquals(dir.resolve("evil.log"), config.logFile());
    }
}
