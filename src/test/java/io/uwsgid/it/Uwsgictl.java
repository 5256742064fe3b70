package io.uwsgid.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real uwsgictl from the built jar, optionally as another user through setpriv. */
final class Uwsgictl {
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    private Uwsgictl() {}

    /** A command that needs no daemon (nginx-conf): no --socket added. */
    static Result offline(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "@" + Daemon.CTL_OPTIONS, "-cp", Daemon.JAR.toString(), "io.uwsgid.ctl.Ctl"));
        cmd.addAll(List.of(args));
        return finish(new ProcessBuilder(cmd).start(), args);
    }

    static Result run(Scene scene, String... args) throws Exception {
        return runAs(scene, null, args);
    }

    /** As {@code user} (via setpriv, with the jar copied where that user can read it), or as root when null. */
    static Result runAs(Scene scene, String user, String... args) throws Exception {
        return finish(new ProcessBuilder(command(scene, user, Scene.GROUP, args)).start(), args);
    }

    /** As {@code user}:{@code group} with no other groups. */
    static Result runAsGroup(Scene scene, String user, String group, String... args) throws Exception {
        return finish(new ProcessBuilder(command(scene, user, group, args)).start(), args);
    }

    /** The command line of a uwsgictl run as {@code user}:{@code group} (root when user is null), for a test that starts it itself. */
    static List<String> command(Scene scene, String user, String group, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        Path jar = Daemon.JAR;
        if (user != null) {
            jar = scene.root.resolve("uwsgictl.jar");
            if (!Files.exists(jar)) {
                Files.copy(Daemon.JAR, jar, StandardCopyOption.REPLACE_EXISTING);
                Scene.open(jar);
            }
            cmd.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--clear-groups", "--"));
        }
        cmd.addAll(List.of("java", "@" + Daemon.CTL_OPTIONS, "-cp", jar.toString(), "io.uwsgid.ctl.Ctl"));
        cmd.add(args[0]);
        cmd.addAll(List.of("--socket", scene.run.resolve("control.sock").toString()));
        cmd.addAll(List.of(args).subList(1, args.length));
        return cmd;
    }

    /**
     * One request straight over the control socket, as a deploy script's own client would send it
     * (no JVM start per command, so reloads can follow each other within milliseconds); returns the reply line.
     */
    static String direct(Scene scene, String command, String site) throws Exception {
        try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.connect(java.net.UnixDomainSocketAddress.of(scene.run.resolve("control.sock")));
            String req = "{\"command\":\"" + command + "\",\"sites\":[\"" + site + "\"],\"all\":false,\"waitSeconds\":60}\n";
            ch.write(java.nio.ByteBuffer.wrap(req.getBytes(StandardCharsets.UTF_8)));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8192);
            while (ch.read(buf) > 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.UTF_8).trim();
        }
    }

    private static Result finish(Process p, String... args) throws Exception {
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("uwsgictl " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out, err.get());
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
