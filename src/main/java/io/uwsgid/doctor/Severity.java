package io.uwsgid.doctor;

import java.util.Locale;

/** How bad a finding is: an ERROR stops the site from spawning, a WARNING is logged, INFO is for the reader. */
public enum Severity {
    ERROR, WARNING, INFO;

    /** The word a report prints, as compilers do: {@code error}, {@code warning}, {@code info}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
