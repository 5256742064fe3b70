package io.uwsgid.control;

import io.uwsgid.os.TimedChannel;
import io.uwsgid.os.Users;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * One connection to the control socket, on the JDK's unix socket channel, with deadlines for its
 * reads and writes ({@link TimedChannel}) and the peer's credentials.
 */
final class Connection extends TimedChannel {
    /** The peer's uid and gid, as SO_PEERCRED gives them. */
    record Peer(int uid, int gid) {}

    Connection(SocketChannel channel) throws IOException {
        super(channel);
    }

    /** Who connected, by SO_PEERCRED's numbers (see {@link #id}). */
    Peer peer() throws IOException {
        UnixDomainPrincipal p = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return new Peer(id(p.user().getName(), p.user().hashCode(), uid -> Users.user(Integer.toString(uid)).map(Users.User::name)),
                id(p.group().getName(), p.group().hashCode(), gid -> Users.group(Integer.toString(gid)).map(Users.Grp::name)));
    }

    /**
     * The number behind one of SO_PEERCRED's principals, or -1. The JDK's principals publish only
     * a name, and a name is ambiguous: a local account and a directory one may share it with
     * different ids, and looking the name up could make a directory "root" uid 0. They keep the
     * number, though, and give it as their hash code (JDK 17's sun.nio.fs.UnixUserPrincipals). So the
     * number is the hash code, accepted only if it resolves back to the principal's name (or, with
     * no name, is that name): a JDK that hashes otherwise gets -1, refused, never someone else.
     */
    static int id(String name, int hash, java.util.function.IntFunction<java.util.Optional<String>> nameOf) {
        if (hash < 0) {
            return -1;
        }
        String resolved = nameOf.apply(hash).orElse(Integer.toString(hash));
        return resolved.equals(name) ? hash : -1;
    }
}
