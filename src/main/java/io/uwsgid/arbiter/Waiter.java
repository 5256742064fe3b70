package io.uwsgid.arbiter;

import io.uwsgid.control.ExitCodes;
import io.uwsgid.control.Reply;
import io.uwsgid.site.Site;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A control request waiting for its outcome: one check per site, looked at after every turn of
 * the loop, answered when every site has an outcome or the deadline passes.
 */
final class Waiter {
    private final Map<Site, Function<Site, Optional<Reply.Result>>> checks = new LinkedHashMap<>();
    private final Map<Site, Reply.Result> results = new LinkedHashMap<>();
    private final CompletableFuture<Reply> future;
    private final long deadline;
    private final String verb;

    Waiter(String verb, CompletableFuture<Reply> future, long deadline) {
        this.verb = verb;
        this.future = future;
        this.deadline = deadline;
    }

    void add(Site site, Function<Site, Optional<Reply.Result>> check) {
        checks.put(site, check);
    }

    /** True once answered. */
    boolean poll(long now) {
        checks.forEach((site, check) -> {
            if (!results.containsKey(site)) {
                check.apply(site).ifPresent(r -> results.put(site, r));
            }
        });
        if (results.size() == checks.size()) {
            answer("");
            return true;
        }
        if (now >= deadline) {
            checks.keySet().stream().filter(s -> !results.containsKey(s)).forEach(s -> results.put(s,
                    new Reply.Result(s.name(), false, "no outcome yet: still " + s.state() + " when the wait ran out")));
            answer(" (timed out)");
            return true;
        }
        return false;
    }

    private void answer(String suffix) {
        List<Reply.Result> list = new ArrayList<>(results.values());
        long failed = list.stream().filter(r -> !r.ok()).count();
        String msg = failed == 0 ? verb + ": " + list.size() + " ok" : verb + ": " + failed + " of " + list.size() + " failed";
        future.complete(new Reply(failed == 0 ? ExitCodes.OK : ExitCodes.FAILED, msg + suffix, list, List.of()));
    }
}
