package io.uwsgid.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a HUP does with an edited uwsgid.ini: live settings apply, the others are named and kept until a restart. */
class HupSettingsTest {
    @TempDir
    Path dir;

    private DaemonConfig read(String body) throws Exception {
        return new DaemonConfigLoader().read(Files.writeString(dir.resolve("uwsgid.ini"), "[uwsgid]\n" + body)).build();
    }

    @Test
    void restartOnlySettingsAreNamedWithTheirOldAndNewValues() throws Exception {
        DaemonConfig running = read("mercy = 30\n");
        DaemonConfig edited = read("mercy = 10\nmetrics =\nlog-format = json\nwatch = false\n");
        assertEquals(List.of("watch = true -> false"), running.restartOnlyChanges(edited));
    }

    @Test
    void aHupPutsTheLiveSettingsInForceAndKeepsTheOthers() throws Exception {
        DaemonConfig running = read("mercy = 30\n");
        DaemonConfig live = running.liveFrom(read("mercy = 10\nreload-parallelism = 2\nmetrics =\nlog-format = json\n"));
        assertEquals(Duration.ofSeconds(10), live.mercy());
        assertEquals(2, live.reloadParallelism());
        assertEquals(null, live.metrics(), "metrics = (empty) turns the endpoint off at once");
        assertEquals(true, live.jsonLogs(), "log-format applies at once");
        assertEquals(List.of(), running.restartOnlyChanges(live));
    }

    @Test
    void anUnchangedFileNamesNothing() throws Exception {
        assertEquals(List.of(), read("").restartOnlyChanges(read("")));
    }
}
