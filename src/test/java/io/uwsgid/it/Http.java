package io.uwsgid.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain GETs with a timeout: the status and body a client saw. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String body) {}

    private Http() {}

    static Response get(String url) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> r = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /** GETs until a 200 comes back or the timeout passes. */
    static Response await200(String url, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Response last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(url);
                if (last.status() == 200) {
                    return last;
                }
            } catch (java.io.IOException e) {
                last = new Response(-1, e.toString());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no 200 from " + url + " within " + timeout + "; last: " + last);
    }
}
