package io.uwsgid.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Who may read a site's log: root, and the control group only when it may do everything. */
class AccessTest {
    private static final int NOBODY = 65534, NOGROUP = 65534;
    private static final Request LOGS = new Request(Command.LOGS, List.of("shop"), false, 0);
    private static final Request STATUS = new Request(Command.STATUS, List.of(), false, 0);

    @Test
    void rootMayReadLogs() {
        assertNull(new Access("nogroup", false).refusal(0, 0, LOGS));
    }

    @Test
    void aReadOnlyGroupSeesStatusButNotWhatSitesPrint() {
        Access read = new Access("nogroup", false);
        assertNull(read.refusal(NOBODY, NOGROUP, STATUS));
        String why = read.refusal(NOBODY, NOGROUP, LOGS);
        assertEquals("group nogroup may only read status; 'logs' shows what sites print, which may hold secrets: it needs root"
                + " (or control-group-access = all)", why);
    }

    @Test
    void aGroupAllowedEverythingMayReadLogs() {
        assertNull(new Access("nogroup", true).refusal(NOBODY, NOGROUP, LOGS));
    }

    @Test
    void someoneOutsideTheGroupMayNot() {
        String why = new Access("nogroup", true).refusal(1, 1, LOGS);
        assertTrue(why.startsWith("uid 1 may not use uwsgid's control socket"), why);
    }
}
