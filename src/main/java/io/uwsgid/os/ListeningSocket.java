package io.uwsgid.os;

import java.nio.file.Path;

/**
 * A socket the master bound and listens on for a site's whole life; children get it as
 * {@code fd://N}. {@code path} is null for TCP; {@code inode} identifies the file the master
 * created, so that it never removes a file somebody else put there since.
 */
public record ListeningSocket(String option, String address, int fd, Path path, long device, long inode) {
    public boolean isUnix() {
        return path != null;
    }

    @Override
    public String toString() {
        return option + " " + address + " (fd " + fd + ")";
    }
}
