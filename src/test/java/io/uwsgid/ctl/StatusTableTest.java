package io.uwsgid.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import io.uwsgid.status.SiteUsage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The columns a person reads for what a site uses. */
class StatusTableTest {
    private static SiteStatus site(SiteUsage usage) {
        SiteStatus.Counters c = new SiteStatus.Counters(0, 0, 0, 0, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new SiteStatus("web", SiteState.RUNNING, 42, 1, 5_000_000_000L, 0, -1, null, null, c, List.of("/run/web.sock"), null,
                List.of(42), usage, SiteStatus.Watch.NONE);
    }

    @Test
    void memoryCpuRequestsAndBusyWorkersAreShown() {
        SiteUsage u = new SiteUsage(3, 37L << 20, 1.5, 0, new SiteUsage.Stats(1234, 0, 1, 1, 2, 0, 0, 0));
        String[] lines = StatusTable.render(List.of(site(u))).split("\n");
        assertTrue(lines[0].matches("SITE +STATE +PID +GEN +UPTIME +RESTARTS +LAST EXIT +MEM +CPU +REQS +BUSY +SOCKET"), lines[0]);
        assertTrue(lines[1].matches("web +RUNNING +42 +1 +5s +0 +- +37M +1\\.5s +1234 +1/2 +/run/web.sock"), lines[1]);
    }

    @Test
    void withoutUsageOrStatsTheColumnsShowDashes() {
        assertTrue(StatusTable.render(List.of(site(null))).split("\n")[1].matches("web .* - +- +- +- +/run/web.sock"));
        assertEquals("-", StatusTable.requests(new SiteUsage(3, 1, 1, 0, null)));
    }

    @Test
    void memoryIsRoundedToAReadableUnit() {
        assertEquals("512K", StatusTable.mem(new SiteUsage(1, 512 << 10, 0, 0, null)));
        assertEquals("1.5G", StatusTable.mem(new SiteUsage(1, 3L << 29, 0, 0, null)));
    }
}
