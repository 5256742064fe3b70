package io.uwsgid.ctl;

import io.uwsgid.config.SiteConfig;
import io.uwsgid.os.SocketSpec;
import java.util.List;
import java.util.Optional;

/**
 * The seed's nginx server block for one site: {@code charset utf-8}, static locations before
 * {@code location /} (nginx picks the longest prefix either way, but the seed's readers expect
 * that order), and the site's real socket: {@code uwsgi_pass} for a uwsgi socket, {@code proxy_pass}
 * when the site only speaks HTTP ({@code http-socket}).
 */
final class ServerBlock {
    /** {@code location URL/ { alias DIR/; }}: both end in a slash, so /staticX never maps beside DIR (nginx's alias pitfall). */
    record Static(String url, String dir) {
        static Static parse(String arg) {
            int eq = arg.indexOf('=');
            if (eq <= 0 || eq == arg.length() - 1) {
                throw new IllegalArgumentException("--static " + arg + ": write URL=DIR, such as /static=/var/www/myproject/static");
            }
            String url = arg.substring(0, eq), dir = arg.substring(eq + 1);
            if (!url.startsWith("/") || url.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("--static " + arg + ": the URL must start with / and hold no blanks");
            }
            if (!dir.startsWith("/")) {
                throw new IllegalArgumentException("--static " + arg + ": the directory must be an absolute path");
            }
            return new Static(slash(url), slash(dir));
        }

        private static String slash(String s) {
            return s.endsWith("/") ? s : s + "/";
        }
    }

    private ServerBlock() {}

    static String render(SiteConfig site, String listen, List<String> serverNames, List<Static> statics) {
        SocketSpec upstream = upstream(site);
        StringBuilder b = new StringBuilder();
        b.append("# nginx server block for the uwsgid site ").append(site.name()).append(" (").append(site.file()).append(")\n");
        b.append("# from: uwsgictl nginx-conf ").append(site.name()).append("\n");
        b.append("server {\n");
        b.append("    listen ").append(listen).append(";\n");
        b.append("    server_name ").append(serverNames.isEmpty() ? "_" : String.join(" ", serverNames)).append(";\n");
        b.append("    charset utf-8;\n");
        if (!statics.isEmpty()) {
            b.append("\n    # static locations come before location / (the seed's ordering note)\n");
        }
        for (Static s : statics) {
            b.append("    location ").append(quote(s.url())).append(" {\n        alias ").append(quote(s.dir())).append(";\n    }\n");
        }
        b.append("\n    location / {\n");
        if (upstream.option().equals("http-socket")) {
            b.append("        proxy_pass http://").append(address(upstream)).append(";\n");
            b.append("        proxy_set_header Host $host;\n");
            b.append("        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n");
            b.append("        proxy_set_header X-Forwarded-Proto $scheme;\n");
        } else {
            b.append("        include uwsgi_params;\n");
            b.append("        uwsgi_pass ").append(address(upstream)).append(";\n");
        }
        b.append("    }\n}\n");
        return b.toString();
    }

    /** The first uwsgi-protocol socket; a site that has none speaks HTTP on its first http-socket. */
    static SocketSpec upstream(SiteConfig site) {
        Optional<SocketSpec> uwsgi = site.sockets().stream().filter(s -> !s.option().equals("http-socket")).findFirst();
        return uwsgi.orElseGet(() -> site.sockets().get(0));
    }

    /** How nginx reaches the socket: unix:PATH, or host:port with uWSGI's "every address" forms turned into loopback. */
    static String address(SocketSpec s) {
        if (s.isUnix()) {
            return quote("unix:" + s.address());
        }
        String a = s.address();
        int colon = a.lastIndexOf(':');
        String host = a.substring(0, colon), port = a.substring(colon + 1);
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("*")) {
            host = "127.0.0.1";
        } else if (host.equals("[::]")) {
            host = "[::1]";
        }
        return host + ":" + port;
    }

    private static String quote(String s) {
        return s.chars().anyMatch(c -> Character.isWhitespace(c) || c == ';' || c == '{' || c == '}' || c == '"' || c == '\'')
                ? "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : s;
    }
}
