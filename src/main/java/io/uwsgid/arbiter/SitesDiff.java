package io.uwsgid.arbiter;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.site.SiteFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a read of the sites directory changes, compared with the sites known and each file's
 * modification time seen before: new files start, removed ones stop, and a known site reloads
 * when its resolved options changed, its file was touched, or every site is to reload (HUP).
 */
final class SitesDiff {
    /** One site's change. */
    sealed interface Change {
        String site();

        /** A valid file for a site not known before. */
        record Added(String site, SiteConfig config, Path file) implements Change {}

        /** A file that cannot be run as it is: of a new site, or changed (or every site reloads). */
        record Invalid(String site, String error) implements Change {}

        /** A known site's valid file, to reload onto for {@code reason}. */
        record Changed(String site, SiteConfig config, String reason) implements Change {}

        /** A known site whose file is gone. */
        record Removed(String site) implements Change {}
    }

    private final Map<String, Long> stamps = new HashMap<>();

    /**
     * {@code known}: every known site's config (a null value for a site whose file never was
     * valid); {@code removing}: known sites already stopping because their file went.
     */
    List<Change> read(Map<String, SiteFiles.Entry> found, Map<String, SiteConfig> known, Set<String> removing, boolean reloadAll,
                      String why) {
        List<Change> out = new ArrayList<>();
        for (String name : known.keySet()) {
            if (!found.containsKey(name) && !removing.contains(name)) {
                out.add(new Change.Removed(name));
            }
        }
        found.forEach((name, entry) -> {
            Long stamp = stamps.put(name, entry.modified());
            boolean touched = stamp == null || stamp != entry.modified();
            if (entry.config() == null) {
                if (!known.containsKey(name) || touched || reloadAll) {
                    out.add(new Change.Invalid(name, entry.error()));
                }
            } else if (!known.containsKey(name)) {
                out.add(new Change.Added(name, entry.config(), entry.file()));
            } else {
                boolean changed = !entry.config().sameOptions(known.get(name));
                if (reloadAll || changed || touched) {
                    out.add(new Change.Changed(name, entry.config(), reloadAll ? why : changed ? "its file changed" : "its file was touched"));
                }
            }
        });
        return out;
    }

    /** The site's file was read outside a scan (before an operator's reload): its time is the one seen now. */
    void seen(String site, long modified) {
        stamps.put(site, modified);
    }

    /** Forgets the files of sites no longer known. */
    void retain(Set<String> sites) {
        stamps.keySet().retainAll(sites);
    }
}
