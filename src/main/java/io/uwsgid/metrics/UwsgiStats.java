package io.uwsgid.metrics;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.uwsgid.status.SiteUsage;
import java.io.IOException;
import java.io.Reader;
import java.util.Optional;

/**
 * The document uWSGI's stats server writes (uWSGI 2.0: {@code listen_queue},
 * {@code listen_queue_errors}, and per worker {@code requests}, {@code exceptions},
 * {@code status}, {@code avg_rt} in microseconds), summed over the workers. Read as a stream,
 * skipping what is not needed (cores, apps, locks). The document comes from a process the
 * site's user runs: a field missing or of another type counts as zero; only a document that is
 * not a JSON object is no stats at all.
 */
final class UwsgiStats {
    private long requests, exceptions, listenQueue, listenQueueErrors;
    private int busy, idle, workers;
    private double weightedRt;

    private UwsgiStats() {}

    static Optional<SiteUsage.Stats> parse(byte[] json) {
        return parse(json, json.length);
    }

    /**
     * The first {@code len} bytes. Read byte by byte as Latin-1, without decoding a copy first: every
     * name and value used is ASCII, and a multi-byte UTF-8 character (in a path, say) only becomes
     * several characters of a string that is skipped.
     */
    static Optional<SiteUsage.Stats> parse(byte[] json, int len) {
        UwsgiStats s = new UwsgiStats();
        try (JsonReader in = new JsonReader(new Latin1Reader(json, len))) {
            in.setLenient(true);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                return Optional.empty();
            }
            s.root(in);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        double avg = s.requests == 0 ? 0 : s.weightedRt / s.requests / 1e6;
        return Optional.of(new SiteUsage.Stats(s.requests, s.exceptions, s.busy, s.idle, s.workers, s.listenQueue, s.listenQueueErrors, avg));
    }

    private void root(JsonReader in) throws IOException {
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "listen_queue" -> listenQueue = number(in);
                case "listen_queue_errors" -> listenQueueErrors = number(in);
                case "workers" -> workers(in);
                default -> in.skipValue();
            }
        }
        in.endObject();
    }

    private void workers(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.BEGIN_ARRAY) {
            in.skipValue();
            return;
        }
        in.beginArray();
        while (in.hasNext()) {
            if (in.peek() == JsonToken.BEGIN_OBJECT) {
                worker(in);
            } else {
                in.skipValue();
            }
        }
        in.endArray();
    }

    private void worker(JsonReader in) throws IOException {
        long r = 0, rt = 0;
        in.beginObject();
        while (in.hasNext()) {
            switch (in.nextName()) {
                case "requests" -> r = number(in);
                case "exceptions" -> exceptions += number(in);
                case "avg_rt" -> rt = number(in);
                case "status" -> status(in);
                default -> in.skipValue();
            }
        }
        in.endObject();
        workers++;
        requests += r;
        weightedRt += (double) r * rt;
    }

    private void status(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.STRING) {
            in.skipValue();
            return;
        }
        String s = in.nextString();
        busy += s.equals("busy") ? 1 : 0;
        idle += s.equals("idle") ? 1 : 0;
    }

    /** Bytes as chars, one for one. */
    private static final class Latin1Reader extends Reader {
        private final byte[] bytes;
        private final int len;
        private int pos;

        Latin1Reader(byte[] bytes, int len) {
            this.bytes = bytes;
            this.len = len;
        }

        @Override
        public int read(char[] cbuf, int off, int n) {
            if (pos >= len) {
                return -1;
            }
            int count = Math.min(n, len - pos);
            for (int i = 0; i < count; i++) {
                cbuf[off + i] = (char) (bytes[pos++] & 0xff);
            }
            return count;
        }

        @Override
        public void close() {}
    }

    /** A non-negative integer, or 0 for anything else. */
    private static long number(JsonReader in) throws IOException {
        if (in.peek() != JsonToken.NUMBER) {
            in.skipValue();
            return 0;
        }
        double d = in.nextDouble();
        return d > 0 && d < Long.MAX_VALUE ? (long) d : 0;
    }
}
