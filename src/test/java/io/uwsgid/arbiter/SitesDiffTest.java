package io.uwsgid.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.arbiter.SitesDiff.Change;
import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfigLoader;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteLoader;
import io.uwsgid.site.SiteFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SitesDiffTest {
    @TempDir
    Path dir;
    private final SitesDiff diff = new SitesDiff();
    private final Map<String, SiteFiles.Entry> found = new TreeMap<>();
    private final Map<String, SiteConfig> known = new HashMap<>();

    private SiteConfig config(String name, String extra) throws Exception {
        Path file = dir.resolve(name + ".ini");
        Files.writeString(file, "[uwsgi]\nuid = nobody\ngid = nogroup\nsocket = " + dir.resolve(name + ".sock") + "\nmodule = app\n" + extra);
        try {
            return SiteLoader.load(file, new DaemonConfigLoader().set("sites-dir", dir.toString()).build());
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    private void file(String name, SiteConfig config, long modified) {
        found.put(name, new SiteFiles.Entry(dir.resolve(name + ".ini"), config, null, modified));
    }

    private List<Change> read(boolean reloadAll) {
        List<Change> changes = diff.read(found, known, Set.of(), reloadAll, "SIGHUP");
        changes.stream().filter(c -> !(c instanceof Change.Removed)).forEach(c -> known.put(c.site(),
                c instanceof Change.Added a ? a.config() : c instanceof Change.Changed ch ? ch.config() : known.get(c.site())));
        return changes;
    }

    @Test
    void aNewFileIsAddedAndAGoneOneRemoved() throws Exception {
        SiteConfig a = config("a", "");
        file("a", a, 1);
        assertEquals(List.of(new Change.Added("a", a, dir.resolve("a.ini"))), read(false));
        found.clear();
        assertEquals(List.of(new Change.Removed("a")), read(false));
    }

    @Test
    void anUnchangedFileChangesNothingUnlessEverySiteReloads() throws Exception {
        SiteConfig a = config("a", "");
        file("a", a, 1);
        read(false);
        assertEquals(List.of(), read(false));
        assertEquals(List.of(new Change.Changed("a", a, "SIGHUP")), read(true));
    }

    @Test
    void aTouchedFileReloadsAndAChangedOneSaysSo() throws Exception {
        file("a", config("a", ""), 1);
        read(false);
        SiteConfig same = config("a", "");
        file("a", same, 2);
        assertEquals(List.of(new Change.Changed("a", same, "its file was touched")), read(false));
        SiteConfig more = config("a", "processes = 3\n");
        file("a", more, 2);
        assertEquals(List.of(new Change.Changed("a", more, "its file changed")), read(false));
    }

    @Test
    void anInvalidFileIsReportedWhenNewOrChangedNotOnEveryScan() {
        found.put("bad", new SiteFiles.Entry(dir.resolve("bad.ini"), null, "bad.ini:3: no socket", 1));
        assertEquals(List.of(new Change.Invalid("bad", "bad.ini:3: no socket")), read(false));
        known.put("bad", null);
        assertEquals(List.of(), read(false));
        assertEquals(List.of(new Change.Invalid("bad", "bad.ini:3: no socket")), read(true));
    }

    @Test
    void aSiteAlreadyStoppingForItsRemovedFileIsNotRemovedAgain() throws Exception {
        known.put("a", config("a", ""));
        assertEquals(List.of(), diff.read(found, known, Set.of("a"), false, "scan"));
    }

    @Test
    void aFileReadOutsideAScanIsNotSeenAsTouchedByTheNextScan() throws Exception {
        file("a", config("a", ""), 1);
        read(false);
        file("a", config("a", ""), 5);
        diff.seen("a", 5);
        assertEquals(List.of(), read(false));
    }
}
