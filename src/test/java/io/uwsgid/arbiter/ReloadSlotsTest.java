package io.uwsgid.arbiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReloadSlotsTest {
    private final ReloadSlots slots = new ReloadSlots();
    private final List<String> ran = new ArrayList<>();

    private void grant(long busy, int parallelism) {
        slots.grant(busy, parallelism, p -> ran.add(p.site() + (p.start() ? " start" : " reload")));
    }

    @Test
    void noMoreSitesSpawnAtOnceThanTheParallelismAllows() {
        for (String s : List.of("a", "b", "c", "d")) {
            slots.request(s, "SIGHUP", false);
        }
        grant(0, 2);
        assertEquals(List.of("a reload", "b reload"), ran);
        grant(2, 2);
        assertEquals(2, ran.size(), "both slots are still busy");
        grant(1, 2);
        assertEquals(List.of("a reload", "b reload", "c reload"), ran);
    }

    @Test
    void aNewerRequestForASiteReplacesItsOlderOneAndTakesItsTurnAtTheBack() {
        slots.request("a", "SIGHUP", false);
        slots.request("b", "SIGHUP", false);
        slots.request("a", "new site file", true);
        assertEquals(List.of(new ReloadSlots.Pending("b", "SIGHUP", false), new ReloadSlots.Pending("a", "new site file", true)),
                slots.waiting());
    }

    @Test
    void aRequestWhoseSiteIsGoneTakesNoSlot() {
        slots.request("gone", "SIGHUP", false);
        slots.request("a", "SIGHUP", false);
        slots.grant(0, 1, p -> {
            ran.add(p.site());
            return !p.site().equals("gone");
        });
        assertEquals(List.of("gone", "a"), ran);
        assertTrue(slots.isEmpty());
    }

    @Test
    void clearingForgetsEveryWaitingRequest() {
        slots.request("a", "SIGHUP", false);
        slots.clear();
        grant(0, 4);
        assertEquals(List.of(), ran);
    }
}
