package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/** A root-only file standing in for /etc/shadow: an attack succeeded if its content, mode or owner changed. */
final class Canary {
    static final String CONTENT = "root:$6$not-a-real-hash:19000:0:99999:7:::\n";
    final Path path;

    Canary(Scene scene) throws Exception {
        path = Files.createDirectories(scene.root.resolve("etc")).resolve("shadow");
        Files.writeString(path, CONTENT);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    }

    void assertUntouched(String when) throws Exception {
        PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertEquals(CONTENT, Files.readString(path), "canary content " + when);
        assertEquals("rw-------", PosixFilePermissions.toString(a.permissions()), "canary mode " + when);
        assertEquals("root", a.owner().getName(), "canary owner " + when);
        assertEquals("root", a.group().getName(), "canary group " + when);
        assertEquals(1, (int) Files.getAttribute(path, "unix:nlink"), "canary links " + when);
    }

    /** Plants, as the site user would, a symlink named {@code name} in {@code dir} pointing at the canary. */
    void symlink(Path dir, String name) throws Exception {
        Shell.run("setpriv", "--reuid=" + Scene.USER, "--regid=" + Scene.GROUP, "--clear-groups", "ln", "-sfn", path.toString(),
                dir.resolve(name).toString());
    }
}
