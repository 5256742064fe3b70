package io.uwsgid.doctor;

import io.uwsgid.control.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** What {@code uwsgictl check} found in each file: one line per finding for people, or JSON for machines. */
public final class Report {
    /** The findings of one checked site file. */
    public record Checked(String site, Path file, List<Finding> findings) {
        public Checked {
            findings = ordered(findings);
        }

        long count(Severity s) {
            return findings.stream().filter(f -> f.severity() == s).count();
        }
    }

    private final List<Checked> checked = new ArrayList<>();

    public void add(Checked c) {
        checked.add(c);
    }

    public List<Checked> checked() {
        return List.copyOf(checked);
    }

    /** Without duplicates (a daemon-wide finding comes once per site), errors first, then by line. */
    static List<Finding> ordered(List<Finding> findings) {
        List<Finding> out = new ArrayList<>(new LinkedHashSet<>(findings));
        out.sort(Comparator.comparing(Finding::severity).thenComparingInt(Finding::line));
        return out;
    }

    public boolean hasErrors() {
        return checked.stream().anyMatch(c -> c.count(Severity.ERROR) > 0);
    }

    /** One line per finding; a file without any says so; then the totals. */
    public String text() {
        StringBuilder out = new StringBuilder();
        long errors = 0, warnings = 0;
        for (Checked c : checked) {
            c.findings().forEach(f -> out.append(f).append('\n'));
            if (c.findings().isEmpty()) {
                out.append(c.file()).append(": no problems found\n");
            }
            errors += c.count(Severity.ERROR);
            warnings += c.count(Severity.WARNING);
        }
        out.append(checked.size()).append(checked.size() == 1 ? " site" : " sites").append(" checked: ").append(errors)
                .append(errors == 1 ? " error, " : " errors, ").append(warnings).append(warnings == 1 ? " warning\n" : " warnings\n");
        return out.toString();
    }

    public String json() {
        return Json.pretty(new Document(checked, checked.stream().mapToLong(c -> c.count(Severity.ERROR)).sum(),
                checked.stream().mapToLong(c -> c.count(Severity.WARNING)).sum()));
    }

    private record Document(List<Checked> sites, long errors, long warnings) {}
}
