package io.uwsgid.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.Kernel;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorStopsTest {
    @TempDir
    Path run;

    /** Writes go to the real file system; every other kernel call fails the test. */
    private final List<Path> writes = new ArrayList<>();
    private final Kernel kernel = (Kernel) Proxy.newProxyInstance(Kernel.class.getClassLoader(), new Class<?>[] {Kernel.class}, (p, m, args) -> {
        if (!m.getName().equals("writeFile")) {
            throw new AssertionError("unexpected kernel call " + m.getName());
        }
        writes.add((Path) args[0]);
        Files.writeString((Path) args[0], (String) args[1]);
        return null;
    });

    @Test
    void noFileMeansNoSiteWasStopped() {
        assertFalse(OperatorStops.load(run, kernel).contains("myproject"));
    }

    @Test
    void whatOneDaemonSavedTheNextOneLoads() throws Exception {
        OperatorStops.load(run, kernel).save(Set.of("myproject", "blog"));
        assertEquals("blog\nmyproject\n", Files.readString(run.resolve(OperatorStops.FILE)));
        OperatorStops next = OperatorStops.load(run, kernel);
        assertTrue(next.contains("myproject") && next.contains("blog"));
        assertFalse(next.contains("shop"));
    }

    @Test
    void theFileIsWrittenOnlyWhenTheSetChanges() throws Exception {
        OperatorStops stops = OperatorStops.load(run, kernel);
        stops.save(Set.of());
        assertEquals(List.of(), writes, "nothing stopped, nothing loaded: nothing to write");
        stops.save(Set.of("myproject"));
        stops.save(Set.of("myproject"));
        assertEquals(1, writes.size());
        stops.save(Set.of());
        assertEquals(2, writes.size());
        assertEquals("", Files.readString(run.resolve(OperatorStops.FILE)));
    }

    @Test
    void blankLinesAndBlanksAroundNamesAreIgnored() throws Exception {
        Files.writeString(run.resolve(OperatorStops.FILE), "\n  myproject \n\n");
        assertTrue(OperatorStops.load(run, kernel).contains("myproject"));
    }
}
