package io.uwsgid.doctor;

import io.uwsgid.config.ConfigException;
import io.uwsgid.config.Option;
import java.nio.file.Path;

/**
 * One thing {@code uwsgictl check} (or the check before a spawn) found: what is wrong, where, and
 * the exact fix. Printed as one line, {@code FILE:LINE: error: MESSAGE; fix: FIX}.
 *
 * @param severity how bad it is
 * @param file     the file it is about: the site file, or the program, directory or nginx config at fault
 * @param line     1-based line in {@code file}, or 0 when it is about the whole file
 * @param message  what is wrong
 * @param fix      what to do, or null when there is nothing to do
 * @param refused  uWSGI itself refuses the file while reading it (exit 1 before it starts), as opposed to
 *                 what the host lacks or what uwsgid's own policy refuses
 */
public record Finding(Severity severity, Path file, int line, String message, String fix, boolean refused) {

    public Finding(Severity severity, Path file, int line, String message, String fix) {
        this(severity, file, line, message, fix, false);
    }

    static Finding error(Option at, String message, String fix) {
        return new Finding(Severity.ERROR, at.file(), at.line(), message, fix);
    }

    static Finding warning(Option at, String message, String fix) {
        return new Finding(Severity.WARNING, at.file(), at.line(), message, fix);
    }

    /** A site file uwsgid refuses, as a finding. */
    static Finding of(ConfigException e) {
        return new Finding(Severity.ERROR, e.file(), e.line(), e.problem(), e.fix());
    }

    /** A file that does not resolve as uWSGI reads it (a missing include, a bad if block): uWSGI refuses it too. */
    static Finding unreadable(ConfigException e) {
        return new Finding(Severity.ERROR, e.file(), e.line(), e.problem(), e.fix(), true);
    }

    /** Strict mode's unknown option, which the parser left as a warning so that every one is named: uWSGI refuses the file for it. */
    static Finding strictRefusal(io.uwsgid.config.Finding w) {
        Finding f = of(w);
        return new Finding(Severity.ERROR, f.file(), f.line(), "uWSGI refuses this file: " + f.message(), f.fix(), true);
    }

    /** What uWSGI refuses while reading the site's options. */
    static Finding refusal(Option at, String message, String fix) {
        return new Finding(Severity.ERROR, at.file(), at.line(), message, fix, true);
    }

    /**
     * A parser warning: its text ends with what to do after the last {@code "; "}.
     */
    static Finding of(io.uwsgid.config.Finding w) {
        String m = w.message();
        int cut = m.lastIndexOf("; ");
        return new Finding(Severity.WARNING, w.file(), w.line(), cut < 0 ? m : m.substring(0, cut), cut < 0 ? null : m.substring(cut + 2));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE: error: MESSAGE; fix: FIX}: the report's line, and a FATAL site's reason. */
    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : String.valueOf(file)) + ": " + severity.word() + ": " + message
                + (fix == null ? "" : "; fix: " + fix);
    }
}
