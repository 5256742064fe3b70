package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A child's output pipe (a real one) drained into a sink. */
class ChildLogTest {
    final int[] pipe = new int[2];
    final ConsoleLogSinkTest.Counting out = new ConsoleLogSinkTest.Counting();
    ChildLog log;

    @BeforeEach
    void pipe() {
        assertEquals(0, LIBC.pipe2(pipe, Native.O_CLOEXEC | Native.O_NONBLOCK));
        log = new ChildLog(pipe[0], new LogSink.Console("s", new PrintStream(out, true)));
    }

    @AfterEach
    void close() {
        if (pipe[1] >= 0) {
            LIBC.close(pipe[1]);
        }
        log.close();
    }

    private void child(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(b.length, LIBC.write(pipe[1], b, b.length));
    }

    private String written() {
        return out.bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void whatThePipeHoldsGoesOutInOneWriteAndAnUnfinishedLineWaitsForItsEnd() {
        child("one\ntwo\nthr");
        log.drain();
        assertEquals("s| one\ns| two\n", written());
        assertEquals(1, out.writes);
        child("ee\n");
        log.drain();
        assertEquals("s| one\ns| two\ns| three\n", written());
        assertEquals(List.of("one", "two", "three"), log.tail());
    }

    @Test
    void theTailIsTheLastTwentyLinesOfABigBatch() {
        child(IntStream.range(0, 1000).mapToObj(i -> "request " + i + "\n").reduce("", String::concat));
        log.drain();
        assertEquals(IntStream.range(980, 1000).mapToObj(i -> "request " + i).toList(), log.tail());
        assertEquals(1000, written().lines().count());
    }

    @Test
    void aBatchOfFewerLinesThanTheTailKeepsEveryLineEvenAnEmptyFirstOne() {
        child("\nlast words\n");
        log.drain();
        assertEquals(List.of("", "last words"), log.tail());
    }

    @Test
    void theUnfinishedLastLineIsFlushedAtEndOfFile() {
        child("Traceback\nGAME OVER");
        LIBC.close(pipe[1]);
        pipe[1] = -1;
        log.drain();
        assertEquals("s| Traceback\ns| GAME OVER\n", written());
        assertEquals(List.of("Traceback", "GAME OVER"), log.tail());
    }

    @Test
    void batchesAddToTheTailWhichKeepsTheLastTwentyLinesInOrderEachCutTo500Bytes() {
        child(IntStream.range(0, 15).mapToObj(i -> "first " + i + "\n").reduce("", String::concat));
        log.drain();
        child("x".repeat(700) + "  \nsecond 1\r\n");
        log.drain();
        child(IntStream.range(2, 5).mapToObj(i -> "second " + i + "\n").reduce("", String::concat));
        log.drain();
        List<String> tail = log.tail();
        assertEquals(20, tail.size());
        assertEquals(IntStream.range(0, 15).mapToObj(i -> "first " + i).toList(), tail.subList(0, 15));
        assertEquals("x".repeat(500), tail.get(15));
        assertEquals(List.of("second 1", "second 2", "second 3", "second 4"), tail.subList(16, 20));
        child("third\n");
        log.drain();
        assertEquals("first 1", log.tail().get(0));
        assertEquals("third", log.tail().get(19));
    }
}
