package io.uwsgid.doctor;

import static io.uwsgid.doctor.AccessCheck.Kind.NGINX;

import io.uwsgid.config.Option;
import io.uwsgid.config.SiteConfig;
import io.uwsgid.doctor.AccessCheck.Need;
import io.uwsgid.os.SocketSpec;
import io.uwsgid.os.Users;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What nginx needs of a site: to enter every directory above its unix sockets, to be allowed to
 * connect to them (their owner and mode, as the master will set them), and to read the static
 * directories its server block names.
 */
final class NginxCheck {
    private NginxCheck() {}

    static List<Need> needs(SiteConfig site, List<NginxConf.Server> servers) {
        List<Need> out = new ArrayList<>();
        for (SocketSpec s : unixSockets(site)) {
            Path dir = Path.of(s.address()).toAbsolutePath().getParent();
            if (dir != null && Files.isDirectory(dir)) {
                out.add(Need.of(dir, "x", optionOf(site, s), "socket " + s.address(), NGINX));
            }
        }
        for (NginxConf.Server server : matching(site, servers)) {
            for (NginxConf.Static st : server.statics()) {
                if (Files.exists(st.path())) {
                    Option at = new Option(st.directive(), st.path().toString(), st.file(), st.line());
                    out.add(Need.of(st.path(), Files.isDirectory(st.path()) ? "rx" : "r", at, "the static files of location "
                            + st.location() + " (" + st.directive() + " " + st.path() + ")", NGINX));
                }
            }
        }
        return out;
    }

    /** The master sets each socket's owner and mode; connecting takes write permission, judged as the kernel will: owner, else group, else others. */
    static List<Finding> permissions(SiteConfig site, Who nginx) {
        List<Finding> out = new ArrayList<>();
        for (SocketSpec s : unixSockets(site)) {
            if (!mayConnect(s, nginx)) {
                String owner = name(Users.user(Integer.toString(s.uid())).map(Users.User::name).orElse(null), s.uid()) + ":"
                        + name(Users.group(Integer.toString(s.gid())).map(Users.Grp::name).orElse(null), s.gid());
                String nginxGroup = Users.group(Integer.toString(nginx.gid())).map(Users.Grp::name).orElse(Integer.toString(nginx.gid()));
                Option at = SiteOptions.last(site.options(), "chmod-socket").orElse(optionOf(site, s));
                out.add(Finding.error(at, "nginx's user " + nginx.user() + " may not connect to socket " + s.address() + " (owner " + owner
                        + ", mode " + String.format("%04o", s.mode()) + ": connecting takes write permission)",
                        "chown-socket = " + owner.substring(0, owner.indexOf(':')) + ":" + nginxGroup + " with chmod-socket = 660"
                                + " (or chown-socket = " + nginx.user() + " with chmod-socket = 600)"));
            }
        }
        return out;
    }

    /** Named nginx configs that pass to none of the site's sockets: most likely a typo on one side. */
    static List<Finding> unmatched(SiteConfig site, List<Path> files, List<NginxConf.Server> servers) {
        if (files.isEmpty() || unixSockets(site).isEmpty() || !matching(site, servers).isEmpty()) {
            return List.of();
        }
        return List.of(new Finding(Severity.INFO, site.file(), 0, "no server block in " + files + " passes to "
                + unixSockets(site).stream().map(SocketSpec::address).toList() + ", so no static directories were checked",
                "check uwsgi_pass in the nginx config against socket = in the site file"));
    }

    static boolean mayConnect(SocketSpec s, Who nginx) {
        if (nginx.uid() == 0) {
            return true;
        }
        if (nginx.uid() == s.uid()) {
            return (s.mode() & 0200) != 0;
        }
        boolean inGroup = nginx.gid() == s.gid() || Users.group(Integer.toString(s.gid()))
                .map(g -> Users.isMember(nginx.uid(), nginx.gid(), g.name())).orElse(false);
        return (s.mode() & (inGroup ? 0020 : 0002)) != 0;
    }

    private static List<NginxConf.Server> matching(SiteConfig site, List<NginxConf.Server> servers) {
        List<Path> mine = unixSockets(site).stream().map(s -> Path.of(s.address()).toAbsolutePath().normalize()).toList();
        return servers.stream().filter(sv -> sv.sockets().stream().anyMatch(mine::contains)).toList();
    }

    private static List<SocketSpec> unixSockets(SiteConfig site) {
        return site.sockets().stream().filter(SocketSpec::isUnix).toList();
    }

    private static Option optionOf(SiteConfig site, SocketSpec s) {
        return site.options().stream().filter(o -> o.key().equals(s.option()) && o.value().equals(s.address())).findFirst()
                .orElse(new Option(s.option(), s.address(), site.file(), 0));
    }

    private static String name(String name, int id) {
        return name != null ? name : Integer.toString(id);
    }
}
