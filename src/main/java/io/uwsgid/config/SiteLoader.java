package io.uwsgid.config;

import io.uwsgid.config.SiteConfig.Identity;
import io.uwsgid.os.SocketSpec;
import io.uwsgid.os.Users;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads a site file and validates it once into a {@link SiteConfig}; every refusal names file:line and the fix. */
public final class SiteLoader {
    static final Set<String> SOCKET_KEYS = Set.of("socket", "uwsgi-socket", "http-socket");
    /** Options the master carries out itself; uWSGI never sees them. */
    static final Set<String> MASTER_KEYS = Set.of("socket", "uwsgi-socket", "http-socket", "chmod-socket", "chown-socket",
            "pidfile", "pidfile2", "safe-pidfile", "safe-pidfile2", "daemonize", "daemonize2", "logto", "logto2", "vacuum",
            "uid", "gid", "chroot", "listen", "add-gid", "no-initgroups", "immediate-uid", "immediate-gid",
            "stats", "stats-server", "stats-http");

    private final DaemonConfig daemon;
    private final Path file;
    private final List<Option> options;

    private SiteLoader(DaemonConfig daemon, Path file, List<Option> options) {
        this.daemon = daemon;
        this.file = file;
        this.options = options;
    }

    /** The site's name: its file name without {@code .ini}. */
    public static String siteName(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".ini") ? n.substring(0, n.length() - 4) : n;
    }

    public static SiteConfig load(Path file, DaemonConfig daemon) throws ConfigException {
        return load(file, daemon, ParseContext.defaults());
    }

    /** As {@link #load(Path, DaemonConfig)}, collecting the parser's warnings in {@code ctx}. */
    public static SiteConfig load(Path file, DaemonConfig daemon, ParseContext ctx) throws ConfigException {
        List<Option> options = IniParser.parse(file, "uwsgi", ctx);
        return new SiteLoader(daemon, file, options).build();
    }

    private SiteConfig build() throws ConfigException {
        if (options.isEmpty()) {
            throw new ConfigException(file, 1, "no options in a [uwsgi] section",
                    "start the file with a line that holds only [uwsgi] (a comment after it on the same line makes uWSGI ignore the section)");
        }
        Identity id = identity();
        List<Option> passthrough = options.stream().filter(o -> !MASTER_KEYS.contains(o.key()) && !o.key().startsWith("emperor")
                && !alreadyCarriedOut(o.key()) && !OwnOptions.owns(o, options)).toList();
        return new SiteConfig(siteName(file), file, options, passthrough, sockets(id), id, paths("pidfile", "pidfile2", "safe-pidfile", "safe-pidfile2"),
                logFile(), bool("vacuum"), mercy(), daemon.startTimeout(), OwnOptions.read(file, options));
    }

    /**
     * Directives the parser carried out while reading (includes, placeholders, if/for blocks).
     * Passed on, uWSGI would carry them out again: an include would bring back the options the
     * master owns, a for block would repeat its lines.
     */
    static boolean alreadyCarriedOut(String key) {
        return Logic.isLogicOption(key) || READING_DIRECTIVES.contains(key);
    }

    private static final Set<String> READING_DIRECTIVES = Set.of("ini", "include", "inherit", "set", "set-placeholder", "set-ph",
            "declare-option", "declare-option2", "resolve", "blacklist", "end-blacklist", "whitelist", "end-whitelist", "strict",
            "endfor", "end-for", "endif", "end-if", "end");

    private Identity identity() throws ConfigException {
        Option uidOpt = last("uid").orElseThrow(() -> new ConfigException(file, sectionLine(), "no uid: the site would run as root",
                "add uid = nginx and gid = nginx (or another unprivileged user)"));
        Users.User user = Users.user(uidOpt.value()).orElseThrow(() -> new ConfigException(file, uidOpt.line(),
                "user '" + uidOpt.value() + "' does not exist", "create it (useradd --system " + uidOpt.value() + ") or name an existing user"));
        Optional<Option> gidOpt = last("gid");
        Users.Grp group;
        if (gidOpt.isPresent()) {
            group = Users.group(gidOpt.get().value()).orElseThrow(() -> new ConfigException(file, gidOpt.get().line(),
                    "group '" + gidOpt.get().value() + "' does not exist", "create it (groupadd --system " + gidOpt.get().value() + ") or name an existing group"));
        } else if (user.gid() >= 0) {
            group = Users.group(Integer.toString(user.gid())).orElseThrow();
        } else {
            throw new ConfigException(file, uidOpt.line(), "uid " + user.uid() + " has no account, so it has no group", "add gid = GROUP");
        }
        Path chroot = last("chroot").map(o -> Path.of(o.value())).orElse(null);
        if ((user.uid() == 0 || group.gid() == 0) && !daemon.allowRoot()) {
            throw new ConfigException(file, uidOpt.line(), "the site would run as root" + (chroot == null ? " without a chroot" : ""),
                    "set uid/gid to an unprivileged user such as nginx; running sites as root needs allow-root = true in uwsgid.ini");
        }
        List<Integer> groups = bool("no-initgroups") || user.gid() < 0 ? List.of() : null;
        return new Identity(user.name(), user.uid(), group.name(), group.gid(), groups, chroot);
    }

    private List<SocketSpec> sockets(Identity id) throws ConfigException {
        int mode = socketMode();
        int[] owner = socketOwner(id);
        int backlog = backlog();
        List<SocketSpec> out = new ArrayList<>();
        for (Option o : options) {
            if (SOCKET_KEYS.contains(o.key())) {
                if (o.value().isEmpty() || o.value().startsWith("fd://") || o.value().startsWith("@")) {
                    throw new ConfigException(file, o.line(), o.key() + " = " + o.value() + " is not a unix path or host:port uwsgid can bind",
                            "give a path such as /var/run/nginx/" + siteName(file) + ".sock or an address such as 127.0.0.1:8001");
                }
                out.add(new SocketSpec(o.key(), o.value(), backlog, mode, owner[0], owner[1]));
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(file, sectionLine(), "no socket: nginx would have nothing to talk to",
                    "add socket = /var/run/nginx/" + siteName(file) + ".sock (or http-socket = 127.0.0.1:8001)");
        }
        return out;
    }

    /** uWSGI's rule: no chmod-socket leaves the mode to the umask; chmod-socket alone means 666. */
    private int socketMode() throws ConfigException {
        Optional<Option> o = last("chmod-socket");
        if (o.isEmpty()) {
            return 0777 & ~octal(last("umask"), 022);
        }
        String v = o.get().value();
        if (v.isEmpty() || v.equals("1") || v.equals("true")) {
            return 0666;
        }
        return octal(o, 0);
    }

    private int[] socketOwner(Identity id) throws ConfigException {
        Optional<Option> o = last("chown-socket");
        if (o.isEmpty()) {
            return new int[] {id.uid(), id.gid()};
        }
        String[] parts = o.get().value().split(":", 2);
        Users.User u = Users.user(parts[0]).orElseThrow(() -> new ConfigException(file, o.get().line(),
                "chown-socket names user '" + parts[0] + "', which does not exist", "name an existing user, such as nginx"));
        if (parts.length == 1) {
            return new int[] {u.uid(), u.gid() >= 0 ? u.gid() : id.gid()};
        }
        Users.Grp g = Users.group(parts[1]).orElseThrow(() -> new ConfigException(file, o.get().line(),
                "chown-socket names group '" + parts[1] + "', which does not exist", "name an existing group, such as nginx"));
        return new int[] {u.uid(), g.gid()};
    }

    private int backlog() throws ConfigException {
        Optional<Option> o = last("listen");
        int wanted = o.isPresent() ? integer(o.get()) : daemon.listenBacklog();
        return Math.min(wanted, Somaxconn.value());
    }

    private Duration mercy() throws ConfigException {
        int seconds = 0;
        for (String k : List.of("reload-mercy", "worker-reload-mercy")) {
            Optional<Option> o = last(k);
            if (o.isPresent()) {
                seconds = Math.max(seconds, integer(o.get()));
            }
        }
        return seconds > 0 ? Duration.ofSeconds(seconds + 5L) : daemon.mercy();
    }

    private Path logFile() {
        for (String k : List.of("logto", "logto2", "daemonize", "daemonize2")) {
            Optional<Option> o = last(k);
            if (o.isPresent() && !o.get().value().isEmpty()) {
                return Path.of(o.get().value());
            }
        }
        return null;
    }

    private List<Path> paths(String... keys) {
        List<Path> out = new ArrayList<>();
        for (String k : keys) {
            last(k).filter(o -> !o.value().isEmpty()).ifPresent(o -> out.add(Path.of(o.value())));
        }
        return out;
    }

    /** Where a missing option belongs: the first line of the site's [uwsgi] options in its own file. */
    private int sectionLine() {
        return options.stream().filter(o -> o.file().equals(file)).mapToInt(Option::line).min().orElse(1);
    }

    private Optional<Option> last(String key) {
        Option found = null;
        for (Option o : options) {
            if (o.key().equals(key)) {
                found = o;
            }
        }
        return Optional.ofNullable(found);
    }

    boolean bool(String key) {
        return last(key).map(Option::isTrue).orElse(false);
    }

    private int integer(Option o) throws ConfigException {
        try {
            return Integer.parseInt(o.value());
        } catch (NumberFormatException e) {
            throw new ConfigException(file, o.line(), o.key() + " = " + o.value() + " is not a whole number", "write a number, such as " + o.key() + " = 100");
        }
    }

    private int octal(Optional<Option> o, int fallback) throws ConfigException {
        if (o.isEmpty()) {
            return fallback;
        }
        String v = o.get().value();
        if (!v.matches("[0-7]{3,4}")) {
            throw new ConfigException(file, o.get().line(), o.get().key() + " = " + v + " is not an octal mode", "write it like 660 or 0644");
        }
        return Integer.parseInt(v, 8);
    }
}
