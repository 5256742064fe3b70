package io.uwsgid.site;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.DaemonConfig;
import io.uwsgid.config.HostFacts;
import io.uwsgid.config.ParseContext;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.config.SiteLoader;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Reads the sites directory: every *.ini is a site named after its file, valid or with the reason it is not. */
public final class SiteFiles {
    /** One site file as read now: its config or why it cannot be used, and its modification time (a touch changes it). */
    public record Entry(Path file, SiteConfig config, String error, long modified) {}

    private SiteFiles() {}

    /** Throws IOException when the directory itself cannot be read: then nothing running should change. */
    public static Map<String, Entry> scan(DaemonConfig daemon) throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        HostFacts host = HostFacts.detect(); // once for every file of this scan
        try (DirectoryStream<Path> files = Files.newDirectoryStream(daemon.sitesDir(), "*.ini")) {
            for (Path file : files) {
                if (Files.isRegularFile(file)) {
                    out.put(SiteLoader.siteName(file), load(file, daemon, host));
                }
            }
        }
        return out;
    }

    /** The file of the site named {@code name}, read now (a missing file is an entry with its error). */
    public static Entry read(String name, DaemonConfig daemon) {
        return load(daemon.sitesDir().resolve(name + ".ini"), daemon, HostFacts.detect());
    }

    private static Entry load(Path file, DaemonConfig daemon, HostFacts host) {
        long modified = modified(file);
        try {
            return new Entry(file, SiteLoader.load(file, daemon, ParseContext.defaults(host)), null, modified);
        } catch (ConfigException e) {
            return new Entry(file, null, e.getMessage(), modified);
        } catch (RuntimeException e) {
            return new Entry(file, null, file + ": cannot be read: " + e, modified);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
