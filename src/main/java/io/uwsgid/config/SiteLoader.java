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
    /** Null for the daemon (the first refusal is thrown); for {@link #readAll}, where every refusal goes. */
    private final List<ConfigException> refusals;

    private SiteLoader(DaemonConfig daemon, Path file, List<Option> options, List<ConfigException> refusals) {
        this.daemon = daemon;
        this.file = file;
        this.options = options;
        this.refusals = refusals;
    }

    /**
     * A file read for {@code uwsgictl check}: every refusal, not only the first, and a site built
     * from what could be read, so the other checks still run.
     *
     * @param site            the site; when the user or group is unknown, its identity holds uid/gid -1
     * @param refusals        what the daemon would refuse, in file order; empty when it would load the file
     * @param identityKnown   whether the site's user and group exist, so checks as that user can run
     */
    public record Reading(SiteConfig site, List<ConfigException> refusals, boolean identityKnown) {
        public Reading {
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * Reads the file as {@link #load(Path, DaemonConfig, ParseContext)} does but collects every
     * refusal instead of stopping at the first.
     *
     * @param options the file's options, as {@link IniParser#parse(Path, String, ParseContext)} resolved them
     * @throws ConfigException when the file has no [uwsgi] options: nothing else can be read
     */
    public static Reading readAll(Path file, List<Option> options, DaemonConfig daemon) throws ConfigException {
        List<ConfigException> refusals = new ArrayList<>();
        SiteLoader loader = new SiteLoader(daemon, file, options, refusals);
        SiteConfig site = loader.build();
        return new Reading(site, refusals, site.identity().uid() >= 0 && site.identity().gid() >= 0);
    }

    /** The daemon stops at the first refusal; check records it and goes on with {@code fallback}. */
    private <T> T refuse(ConfigException e, T fallback) throws ConfigException {
        if (refusals == null) {
            throw e;
        }
        refusals.add(e);
        return fallback;
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
        return new SiteLoader(daemon, file, options, null).build();
    }

    private SiteConfig build() throws ConfigException {
        if (options.isEmpty()) {
            throw new ConfigException(file, 1, "no options in a [uwsgi] section",
                    "start the file with a line that holds only [uwsgi] (a comment after it on the same line makes uWSGI ignore the section)");
        }
        Identity id = identity();
        List<Option> passthrough = options.stream().filter(o -> !MASTER_KEYS.contains(o.key()) && !o.key().startsWith("emperor")
                && !alreadyCarriedOut(o.key())).toList();
        return new SiteConfig(siteName(file), file, options, passthrough, sockets(id), id, paths("pidfile", "pidfile2", "safe-pidfile", "safe-pidfile2"),
                logFile(), bool("vacuum"), mercy(), daemon.startTimeout());
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
            "declare-option", "declare-option2", "resolve", "blacklist", "end-blacklist", "whitelist", "end-whitelist",
            "endfor", "end-for", "endif", "end-if", "end");

    private Identity identity() throws ConfigException {
        Optional<Option> uidOpt = last("uid");
        Path chroot = last("chroot").map(o -> Path.of(o.value())).orElse(null);
        if (uidOpt.isEmpty()) {
            return refuse(new ConfigException(file, sectionLine(), "no uid: the site would run as root",
                    "add uid = nginx and gid = nginx (or another unprivileged user)"), unknown("?", null, chroot));
        }
        Option at = uidOpt.get();
        Optional<Users.User> user = Users.user(at.value());
        Optional<Option> gidOpt = last("gid");
        if (user.isEmpty()) {
            refuse(new ConfigException(file, at.line(), "user '" + at.value() + "' does not exist",
                    "create it (useradd --system " + at.value() + ") or name an existing user"), null);
        }
        Optional<Users.Grp> group = Optional.empty();
        if (gidOpt.isPresent()) {
            group = Users.group(gidOpt.get().value());
            if (group.isEmpty()) {
                refuse(new ConfigException(file, gidOpt.get().line(), "group '" + gidOpt.get().value() + "' does not exist",
                        "create it (groupadd --system " + gidOpt.get().value() + ") or name an existing group"), null);
            }
        } else if (user.isPresent() && user.get().gid() >= 0) {
            group = Users.group(Integer.toString(user.get().gid()));
        } else if (user.isPresent()) {
            refuse(new ConfigException(file, at.line(), "uid " + user.get().uid() + " has no account, so it has no group", "add gid = GROUP"), null);
        }
        if (user.isEmpty() || group.isEmpty()) {
            return unknown(at.value(), gidOpt.map(Option::value).orElse(null), chroot);
        }
        if ((user.get().uid() == 0 || group.get().gid() == 0) && !daemon.allowRoot()) {
            refuse(new ConfigException(file, at.line(), "the site would run as root" + (chroot == null ? " without a chroot" : ""),
                    "set uid/gid to an unprivileged user such as nginx; running sites as root needs allow-root = true in uwsgid.ini"), null);
        }
        List<Integer> groups = bool("no-initgroups") || user.get().gid() < 0 ? List.of() : null;
        return new Identity(user.get().name(), user.get().uid(), group.get().name(), group.get().gid(), groups, chroot);
    }

    /** A user or group that does not exist: check goes on with ids no one has, and runs nothing as them. */
    private static Identity unknown(String user, String group, Path chroot) {
        return new Identity(user, -1, group == null ? "?" : group, -1, List.of(), chroot);
    }

    private List<SocketSpec> sockets(Identity id) throws ConfigException {
        int mode = socketMode();
        int[] owner = socketOwner(id);
        int backlog = backlog();
        List<SocketSpec> out = new ArrayList<>();
        for (Option o : options) {
            if (SOCKET_KEYS.contains(o.key())) {
                if (o.value().isEmpty() || o.value().startsWith("fd://") || o.value().startsWith("@")) {
                    refuse(new ConfigException(file, o.line(), o.key() + " = " + o.value() + " is not a unix path or host:port uwsgid can bind",
                            "give a path such as /var/run/nginx/" + siteName(file) + ".sock or an address such as 127.0.0.1:8001"), null);
                    continue;
                }
                out.add(new SocketSpec(o.key(), o.value(), backlog, mode, owner[0], owner[1]));
            }
        }
        if (out.isEmpty() && options.stream().noneMatch(o -> SOCKET_KEYS.contains(o.key()))) {
            refuse(new ConfigException(file, sectionLine(), "no socket: nginx would have nothing to talk to",
                    "add socket = /var/run/nginx/" + siteName(file) + ".sock (or http-socket = 127.0.0.1:8001)"), null);
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
        Optional<Users.User> u = Users.user(parts[0]);
        if (u.isEmpty()) {
            return refuse(new ConfigException(file, o.get().line(), "chown-socket names user '" + parts[0] + "', which does not exist",
                    "name an existing user, such as nginx"), new int[] {id.uid(), id.gid()});
        }
        if (parts.length == 1) {
            return new int[] {u.get().uid(), u.get().gid() >= 0 ? u.get().gid() : id.gid()};
        }
        Optional<Users.Grp> g = Users.group(parts[1]);
        if (g.isEmpty()) {
            return refuse(new ConfigException(file, o.get().line(), "chown-socket names group '" + parts[1] + "', which does not exist",
                    "name an existing group, such as nginx"), new int[] {u.get().uid(), id.gid()});
        }
        return new int[] {u.get().uid(), g.get().gid()};
    }

    private int backlog() throws ConfigException {
        Optional<Option> o = last("listen");
        int wanted = o.isPresent() ? integer(o.get(), daemon.listenBacklog()) : daemon.listenBacklog();
        return Math.min(wanted, Somaxconn.value());
    }

    private Duration mercy() throws ConfigException {
        int seconds = 0;
        for (String k : List.of("reload-mercy", "worker-reload-mercy")) {
            Optional<Option> o = last(k);
            if (o.isPresent()) {
                seconds = Math.max(seconds, integer(o.get(), 0));
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

    private static final java.util.regex.Pattern LEADING_NUMBER = java.util.regex.Pattern.compile("[ \\t]*([+-]?[0-9]+)");

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

    /**
     * uWSGI reads these with atoi: leading digits count, the rest is ignored (so {@code 60 ; why}
     * is 60: ini files have no inline comments). A value with no leading number is refused: uWSGI
     * would read 0.
     */
    private int integer(Option o, int fallback) throws ConfigException {
        java.util.regex.Matcher m = LEADING_NUMBER.matcher(o.value());
        try {
            if (!m.lookingAt()) {
                throw new NumberFormatException(o.value());
            }
            return Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            return refuse(new ConfigException(file, o.line(), o.key() + " = " + o.value() + " is not a whole number",
                    "write a number, such as " + o.key() + " = 100"), fallback);
        }
    }

    private int octal(Optional<Option> o, int fallback) throws ConfigException {
        if (o.isEmpty()) {
            return fallback;
        }
        String v = o.get().value();
        if (!v.matches("[0-7]{3,4}")) {
            return refuse(new ConfigException(file, o.get().line(), o.get().key() + " = " + v + " is not an octal mode", "write it like 660 or 0644"),
                    fallback == 0 ? 0660 : fallback);
        }
        return Integer.parseInt(v, 8);
    }
}
