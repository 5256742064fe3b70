package io.uwsgid.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small chroot jail for a site: /usr bind-mounted read-only (with the merged-/usr links), the
 * dynamic linker's cache and Debian's alternatives links, /dev/null, and an app directory.
 */
final class Jail implements AutoCloseable {
    final Path root;

    private Jail(Path root) {
        this.root = root;
    }

    static Jail build(Scene scene, String app) throws Exception {
        Path root = Files.createDirectories(scene.root.resolve("jail"));
        Scene.open(root);
        for (String d : new String[] {"usr", "etc", "dev", "app", "tmp"}) {
            Scene.open(Files.createDirectories(root.resolve(d)));
        }
        for (String link : new String[] {"bin", "lib", "lib64", "sbin"}) {
            Files.createSymbolicLink(root.resolve(link), Path.of("usr/" + link));
        }
        Shell.run("cp", "-a", "/etc/ld.so.cache", "/etc/alternatives", root.resolve("etc").toString());
        Files.createFile(root.resolve("dev/null"));
        Jail jail = new Jail(root);
        Shell.run("mount", "--bind", "/usr", root.resolve("usr").toString());
        Shell.run("mount", "-o", "remount,bind,ro", root.resolve("usr").toString());
        Shell.run("mount", "--bind", "/dev/null", root.resolve("dev/null").toString());
        Files.copy(scene.app(app), root.resolve("app").resolve(app));
        Scene.open(root.resolve("app"));
        return jail;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Shell.status("umount", root.resolve("usr").toString());
        Shell.status("umount", root.resolve("dev/null").toString());
    }
}
