package io.uwsgid.config;

import java.io.IOException;
import java.nio.file.Path;

/** The kernel's cap on a listen backlog (net.core.somaxconn); a larger backlog is silently cut to it. */
final class Somaxconn {
    private Somaxconn() {}

    static int value() {
        try {
            return Integer.parseInt(io.uwsgid.os.Proc.read(Path.of("/proc/sys/net/core/somaxconn")).trim());
        } catch (IOException | NumberFormatException e) {
            return 4096;
        }
    }
}
