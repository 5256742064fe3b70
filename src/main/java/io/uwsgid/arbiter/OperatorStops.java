package io.uwsgid.arbiter;

import io.uwsgid.os.Kernel;
import io.uwsgid.os.OsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sites the operator stopped (uwsgictl stop, or SIGINT to a site's pid), one name per line
 * in {@code RUN/operator-stopped}: a restarted daemon leaves them stopped until {@code uwsgictl
 * start}. The run directory is emptied at boot, so a stop lasts until then, as systemctl's does.
 */
final class OperatorStops {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorStops.class);
    static final String FILE = "operator-stopped";
    private final Path file;
    private final Kernel kernel;
    private Set<String> saved;

    private OperatorStops(Path file, Kernel kernel, Set<String> saved) {
        this.file = file;
        this.kernel = kernel;
        this.saved = saved;
    }

    /** What an earlier daemon left in {@code runDir}; none when the file is missing or unreadable (that is logged). */
    static OperatorStops load(Path runDir, Kernel kernel) {
        Path file = runDir.resolve(FILE);
        Set<String> names = new TreeSet<>();
        try {
            Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).forEach(names::add);
        } catch (NoSuchFileException e) {
            // no site was stopped by the operator
        } catch (IOException e) {
            LOG.warn("cannot read {} ({}); sites stopped by the operator before this start will start", file, e.toString());
        }
        return new OperatorStops(file, kernel, names);
    }

    boolean contains(String site) {
        return saved.contains(site);
    }

    /** Records {@code stopped} as the sites the operator stopped, writing the file only when that changed. */
    void save(Set<String> stopped) {
        if (stopped.equals(saved)) {
            return;
        }
        try {
            kernel.writeFile(file, stopped.isEmpty() ? "" : String.join("\n", new TreeSet<>(stopped)) + "\n", 0644, 0, 0);
            saved = new TreeSet<>(stopped);
        } catch (OsException e) {
            LOG.error("cannot record the sites stopped by the operator in {}: {}; a restarted daemon would start them", file, e.getMessage());
            saved = new TreeSet<>(stopped);
        }
    }
}
