package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real kernel with real children of this JVM: what a sweep for ended children sees, and a quiet pipe's end. */
class LinuxKernelTest {
    private static final class Ends implements ChildListener {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final List<Integer> bytes = new CopyOnWriteArrayList<>();

        @Override
        public void emperorByte(int pid, int value) {
            bytes.add(value);
        }

        @Override
        public void emperorClosed(int pid) {
            closed.complete(pid);
        }
    }

    private static ChildSpec child(String... argv) {
        return new ChildSpec("t", argv[0], List.of(argv), List.of(), List.of(), TestSinks.console("t"));
    }

    private static void awaitZombie(int pid) throws Exception {
        for (int i = 0; i < 500; i++) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("pid " + pid + " did not end within 5 s");
    }

    @Test
    void aSweepLooksOnceAndSeesAnEndedChildWithoutReapingIt() throws Exception {
        try (LinuxKernel kernel = new LinuxKernel(new Ends())) {
            int sleeper = kernel.spawn(child("/bin/sleep", "30"));
            assertFalse(kernel.mayHaveEnded(), "a child that runs has not ended");
            int done = kernel.spawn(child("/bin/true"));
            awaitZombie(done);
            assertTrue(kernel.mayHaveEnded(), "an ended child waits to be reaped");
            assertTrue(kernel.mayHaveEnded(), "looking did not reap it");
            assertEquals(Optional.of(ExitStatus.exited(0)), kernel.reap(done));
            assertFalse(kernel.mayHaveEnded(), "reaped, nothing else ended");
            kernel.killGroup(sleeper, 9); // each child leads its own group
            awaitZombie(sleeper);
            assertTrue(kernel.mayHaveEnded());
            assertEquals(Optional.of(new ExitStatus(-1, 9)), kernel.reap(sleeper));
            assertFalse(kernel.mayHaveEnded());
        }
    }

    @Test
    void theEndOfAQuietEmperorPipeIsSeenWithoutACollection() throws Exception {
        Ends ends = new Ends();
        try (LinuxKernel kernel = new LinuxKernel(ends)) {
            int pid = kernel.spawn(child("/bin/sleep", "1"));
            kernel.quietEmperor(pid, true, () -> 0);
            // no beats: its first read is 30 s away, so only its end (EPOLLHUP) wakes the poller within 10 s
            assertEquals(pid, ends.closed.get(10, TimeUnit.SECONDS));
            awaitZombie(pid);
            assertEquals(Optional.of(ExitStatus.exited(0)), kernel.reap(pid));
        }
    }

    @Test
    void aQuietPipesBeatsAreCollectedWithoutReadingItAndWhatElseItSaysIsPassedOnAtTheNextRead() throws Exception {
        Ends ends = new Ends();
        try (LinuxKernel kernel = new LinuxKernel(ends)) {
            Heartbeats beats = kernel.heartbeats();
            // a master that says accepting (5), then beats (26) every 0.2 s, as uWSGI's workers do with heartbeat
            int pid = kernel.spawn(child("/bin/sh", "-c", "printf '\\005' >&$UWSGI_EMPEROR_FD; "
                    + "while :; do printf '\\032' >&$UWSGI_EMPEROR_FD; sleep 0.2; done"));
            kernel.quietEmperor(pid, true, () -> 5);
            Thread.sleep(500);
            beats.collect();
            long first = beats.last(pid);
            assertTrue(first > 0, "beats since it went quiet");
            Thread.sleep(500);
            beats.collect();
            long second = beats.last(pid);
            assertTrue(second > first, "a later beat: " + first + " then " + second);
            kernel.killGroup(pid, 19); // SIGSTOP: silent from now on
            Thread.sleep(300);
            beats.collect();
            long stopped = beats.last(pid);
            Thread.sleep(500);
            beats.collect();
            assertEquals(stopped, beats.last(pid), "no beat from a stopped master");
            long deadline = System.nanoTime() + Poller.MAX_DRAIN_NANOS + TimeUnit.SECONDS.toNanos(5);
            while (!ends.bytes.contains(5) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                beats.collect();
            }
            assertEquals(5, ends.bytes.get(0), "the accepting byte is passed on when the quiet pipe is read: " + ends.bytes);
            assertFalse(ends.bytes.contains(26), "beats are recorded, not passed on: " + ends.bytes);
            kernel.killGroup(pid, 9);
            kernel.killGroup(pid, 18);
            assertEquals(pid, ends.closed.get(10, TimeUnit.SECONDS));
            awaitZombie(pid);
            assertEquals(Optional.of(new ExitStatus(-1, 9)), kernel.reap(pid));
        }
    }

    private static long rssKb() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
    }

    @Test
    void trimmingTheNativeHeapGivesItsFreePagesBack() throws Exception {
        com.kenai.jffi.MemoryIO io = com.kenai.jffi.MemoryIO.getInstance();
        long[] blocks = new long[20_000];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = io.allocateMemory(1000, false);
            io.setMemory(blocks[i], 1000, (byte) 1);
        }
        for (int i = 0; i < blocks.length; i++) {
            if (i % 16 != 0) { // every 16th stays: free() alone can give none of the holes back
                io.freeMemory(blocks[i]);
            }
        }
        try (LinuxKernel kernel = new LinuxKernel(new Ends())) {
            long before = rssKb();
            kernel.trimNativeHeap();
            long after = rssKb();
            assertTrue(before - after > 8 * 1024, "18 MB freed in 15-KB holes; RSS " + before + " -> " + after + " kB");
        } finally {
            for (int i = 0; i < blocks.length; i += 16) {
                io.freeMemory(blocks[i]);
            }
        }
    }
}
