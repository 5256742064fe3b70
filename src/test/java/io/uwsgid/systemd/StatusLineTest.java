package io.uwsgid.systemd;

import static io.uwsgid.systemd.SystemdNotifierTest.site;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusLineTest {
    @Test
    void countsRunningSitesAndNamesTheFailedOnes() {
        List<SiteStatus> sites = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sites.add(site("s" + i, i % 2 == 0 ? SiteState.RUNNING : SiteState.RELOADING));
        }
        sites.add(site("shop", SiteState.FATAL));
        assertEquals("12 sites running, 1 failed: shop", StatusLine.of(sites));
    }

    @Test
    void backingOffCountsAsFailedAndStoppedSitesAreCounted() {
        assertEquals("1 site running, 1 stopped, 2 failed: a, c", StatusLine.of(List.of(site("a", SiteState.BACKOFF),
                site("b", SiteState.RUNNING), site("c", SiteState.FATAL), site("d", SiteState.STOPPED))));
    }

    @Test
    void manyFailedSitesStayOnOneShortLine() {
        List<SiteStatus> sites = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sites.add(site("f" + i, SiteState.FATAL));
        }
        assertEquals("0 sites running, 8 failed: f0, f1, f2, f3, f4 and 3 more", StatusLine.of(sites));
    }

    @Test
    void anEmptySitesDirectorySaysSo() {
        assertEquals("no sites", StatusLine.of(List.of()));
    }
}
