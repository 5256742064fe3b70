package io.uwsgid.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real nginx in front of the scene's sites, on a free loopback port, workers as the site user. */
final class Nginx implements AutoCloseable {
    final int port;
    private final Process process;
    private final Path dir;

    private Nginx(int port, Process process, Path dir) {
        this.port = port;
        this.process = process;
        this.dir = dir;
    }

    /** One location per site: {@code /SITE/} is passed to that site's unix socket. */
    static Nginx start(Scene scene, Map<String, Path> sockets) throws Exception {
        Path dir = Files.createDirectories(scene.root.resolve("nginx"));
        int port = freePort();
        StringBuilder locations = new StringBuilder();
        sockets.forEach((site, sock) -> locations.append("    location /").append(site).append("/ { include /etc/nginx/uwsgi_params; uwsgi_pass unix:")
                .append(sock).append("; }\n"));
        Path file = writeConf(dir, "  server {\n    listen 127.0.0.1:" + port + ";\n    charset utf-8;\n" + locations + "  }\n");
        return run(dir, file, port);
    }

    /**
     * Runs {@code server} (a whole server block listening on 127.0.0.1:{@code port}) in its own
     * nginx, after {@code nginx -t} accepted it; {@code include uwsgi_params} finds Debian's.
     */
    static Nginx startServer(Scene scene, String name, String server, int port) throws Exception {
        Path dir = Files.createDirectories(scene.root.resolve("nginx-" + name));
        Files.copy(Path.of("/etc/nginx/uwsgi_params"), dir.resolve("uwsgi_params"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path file = writeConf(dir, server);
        Shell.run("nginx", "-t", "-p", dir.toString(), "-c", file.toString());
        return run(dir, file, port);
    }

    private static Path writeConf(Path dir, String servers) throws IOException {
        String conf = "user " + Scene.USER + " " + Scene.GROUP + ";\nworker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " info;\nevents { worker_connections 1024; }\nhttp {\n"
                + "  access_log off;\n  client_body_temp_path " + dir + "/body;\n  proxy_temp_path " + dir + "/proxy;\n"
                + "  fastcgi_temp_path " + dir + "/fastcgi;\n  uwsgi_temp_path " + dir + "/uwsgi;\n  scgi_temp_path " + dir + "/scgi;\n"
                + servers + "}\n";
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, conf);
        return file;
    }

    private static Nginx run(Path dir, Path file, int port) throws Exception {
        Process p = new ProcessBuilder("nginx", "-p", dir.toString(), "-c", file.toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        Nginx nginx = new Nginx(port, p, dir);
        nginx.awaitListening();
        return nginx;
    }

    private void awaitListening() throws Exception {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive()) {
                    throw new IOException("nginx exited: " + Files.readString(dir.resolve("stdout")) + Files.readString(dir.resolve("error.log")));
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("nginx is not listening on " + port);
    }

    String url(String site) {
        return "http://127.0.0.1:" + port + "/" + site + "/";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
