package io.uwsgid.site;

import java.util.ArrayList;
import java.util.List;

/** A site's live generations: the current one, the next one during a reload, and those retiring. */
final class Generations {
    Generation current, next;
    final List<Generation> retiring = new ArrayList<>();
    /** Generations whose master has been reaped but whose workers finish their requests. */
    final List<Generation> orphaned = new ArrayList<>();
    /** The pid files written and the pid they name, so they are removed only while they still name it. */
    int pidFilePid;
    List<java.nio.file.Path> pidFiles = List.of();
    private int count;

    int nextNumber() {
        return ++count;
    }

    /** Numbering goes on from a generation adopted from an earlier uwsgid. */
    void continueFrom(int number) {
        count = Math.max(count, number);
    }

    int lastNumber() {
        return count;
    }

    List<Generation> all() {
        List<Generation> out = new ArrayList<>(retiring.size() + 2);
        if (current != null) {
            out.add(current);
        }
        if (next != null) {
            out.add(next);
        }
        out.addAll(retiring);
        return out;
    }

    java.util.Set<Integer> numbers() {
        return all().stream().map(g -> g.number).collect(java.util.stream.Collectors.toSet());
    }

    /** The generation whose master is {@code pid}, if any (the loop asks for every message and exit: no list is built). */
    Generation find(int pid) {
        if (current != null && current.pid == pid) {
            return current;
        }
        if (next != null && next.pid == pid) {
            return next;
        }
        for (Generation g : retiring) {
            if (g.pid == pid) {
                return g;
            }
        }
        return null;
    }

    boolean uses(Resources res) {
        return all().stream().anyMatch(g -> g.resources == res) || orphaned.stream().anyMatch(g -> g.resources == res);
    }
}
