package io.uwsgid.os;

/**
 * A socket to bind: {@code option} is the uWSGI option that named it (socket, uwsgi-socket,
 * http-socket); for a unix socket, {@code mode}, {@code uid} and {@code gid} are applied before
 * it appears at its path.
 */
public record SocketSpec(String option, String address, int backlog, int mode, int uid, int gid) {
    /** uWSGI's rule: an address with a colon that is not a path is host:port. */
    public boolean isUnix() {
        return address.startsWith("/") || address.startsWith(".") || !address.contains(":");
    }
}
