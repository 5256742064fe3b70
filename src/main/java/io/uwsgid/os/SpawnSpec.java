package io.uwsgid.os;

import java.util.List;

/**
 * What a child gets: 0 is /dev/null, 1 and 2 are {@code stdout} and {@code stderr}, 3.. are
 * {@code passFds} in order, and nothing else. It starts in a session and process group of its own.
 */
public record SpawnSpec(String path, List<String> argv, List<String> env, int stdout, int stderr, List<Integer> passFds) {
    public SpawnSpec {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        passFds = List.copyOf(passFds);
    }

    @Override
    public String toString() {
        return "spawn " + String.join(" ", argv) + " (fd 1<-" + stdout + " 2<-" + stderr + " 3..<-" + passFds + ")";
    }
}
