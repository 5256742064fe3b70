package io.uwsgid.doctor;

import io.uwsgid.os.RegularFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A venv's {@code pyvenv.cfg}: which Python made it ({@code version}, or virtualenv's
 * {@code version_info}) and where that Python lives ({@code home}, its bin directory).
 *
 * @param dir     the venv
 * @param home    the {@code home} line, or null
 * @param version the full version written, such as 3.4.10, or null
 */
record PyVenv(Path dir, String home, String version) {
    private static final Pattern X_Y = Pattern.compile("^(\\d+)\\.(\\d+)");

    static Optional<PyVenv> read(Path dir) {
        return RegularFiles.read(dir.resolve("pyvenv.cfg"), 64 * 1024).map(b -> parse(dir, new String(b, StandardCharsets.UTF_8)));
    }

    static PyVenv parse(Path dir, String text) {
        String home = null, version = null, versionInfo = null;
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String k = line.substring(0, eq).strip(), v = line.substring(eq + 1).strip();
            switch (k) {
                case "home" -> home = v;
                case "version" -> version = v;
                case "version_info" -> versionInfo = v;
                default -> { }
            }
        }
        return new PyVenv(dir, home, version != null ? version : versionInfo);
    }

    /** @return X.Y of the Python that made the venv, or null */
    String majorMinor() {
        return majorMinor(version);
    }

    static String majorMinor(String version) {
        if (version == null) {
            return null;
        }
        Matcher m = X_Y.matcher(version);
        return m.find() ? m.group(1) + "." + m.group(2) : null;
    }
}
