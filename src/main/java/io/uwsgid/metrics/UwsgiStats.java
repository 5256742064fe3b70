package io.uwsgid.metrics;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.uwsgid.site.SiteUsage;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The document uWSGI's stats server writes (uWSGI 2.0: {@code listen_queue},
 * {@code listen_queue_errors}, and per worker {@code requests}, {@code exceptions},
 * {@code status}, {@code avg_rt} in microseconds), summed over the workers. The document comes
 * from a process the site's user runs: anything missing or malformed counts as zero, never as an error.
 */
final class UwsgiStats {
    private UwsgiStats() {}

    static Optional<SiteUsage.Stats> parse(byte[] json) {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseReader(new InputStreamReader(new ByteArrayInputStream(json), StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                return Optional.empty();
            }
            root = e.getAsJsonObject();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        long requests = 0, exceptions = 0;
        int busy = 0, idle = 0, workers = 0;
        double weightedRt = 0;
        JsonArray list = root.has("workers") && root.get("workers").isJsonArray() ? root.getAsJsonArray("workers") : new JsonArray();
        for (JsonElement w : list) {
            if (!w.isJsonObject()) {
                continue;
            }
            JsonObject o = w.getAsJsonObject();
            workers++;
            long r = number(o, "requests");
            requests += r;
            exceptions += number(o, "exceptions");
            weightedRt += (double) r * number(o, "avg_rt");
            String status = o.has("status") && o.get("status").isJsonPrimitive() ? o.get("status").getAsString() : "";
            busy += status.equals("busy") ? 1 : 0;
            idle += status.equals("idle") ? 1 : 0;
        }
        double avgSeconds = requests == 0 ? 0 : weightedRt / requests / 1e6;
        return Optional.of(new SiteUsage.Stats(requests, exceptions, busy, idle, workers, number(root, "listen_queue"),
                number(root, "listen_queue_errors"), avgSeconds));
    }

    private static long number(JsonObject o, String key) {
        try {
            JsonElement v = o.get(key);
            return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber() ? Math.max(0, v.getAsLong()) : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
