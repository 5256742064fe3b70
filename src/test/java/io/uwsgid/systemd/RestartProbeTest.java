package io.uwsgid.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestartProbeTest {
    @Test
    void theUnitIsReadFromTheSystemdHierarchyOfAHybridHost() {
        String cgroup = "12:pids:/system.slice/uwsgid.service\n1:name=systemd:/system.slice/uwsgid.service\n0::/system.slice/uwsgid.service\n";
        assertEquals(Optional.of("uwsgid.service"), RestartProbe.unit(cgroup));
    }

    @Test
    void theUnitIsReadFromTheUnifiedHierarchyAlone() {
        assertEquals(Optional.of("uwsgid.service"), RestartProbe.unit("0::/system.slice/uwsgid.service\n"));
    }

    @Test
    void aProcessOutsideAServiceHasNoUnit() {
        assertEquals(Optional.empty(), RestartProbe.unit("0::/user.slice/user-0.slice/session-3.scope\n"));
        assertEquals(Optional.empty(), RestartProbe.unit("0::/\n"));
    }

    @Test
    void aRunningRestartJobOfTheUnitIsARestart() {
        assertTrue(RestartProbe.restarting("812 uwsgid.service restart running\n", "uwsgid.service"));
    }

    @Test
    void aStopJobOrAnotherUnitsRestartIsNot() {
        assertFalse(RestartProbe.restarting("812 uwsgid.service stop running\n", "uwsgid.service"));
        assertFalse(RestartProbe.restarting("813 nginx.service restart running\n", "uwsgid.service"));
        assertFalse(RestartProbe.restarting("", "uwsgid.service"));
    }
}
