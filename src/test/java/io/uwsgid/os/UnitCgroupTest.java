package io.uwsgid.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnitCgroupTest {
    @Test
    void aServiceOnTheNameSystemdHierarchyOfAHybridHost() {
        assertEquals(Optional.of(Path.of("/sys/fs/cgroup/systemd/system.slice/uwsgid.service")),
                UnitCgroup.of("4:memory:/system.slice/uwsgid.service\n1:name=systemd:/system.slice/uwsgid.service\n"));
    }

    @Test
    void aProcessOutsideAServiceHasNoUnitCgroup() {
        assertEquals(Optional.empty(), UnitCgroup.of("1:name=systemd:/user.slice/user-0.slice/session-3.scope\n0::/user.slice\n"));
    }

    @Test
    void aProcessNotStartedBySystemdAsTheUnitsMainProcessIsNotItsMainProcess() {
        // the test JVM is nobody's main process: SYSTEMD_EXEC_PID is unset or names another pid
        assertEquals(false, UnitCgroup.mainProcessOfAUnit());
        assertEquals(java.util.List.of(), UnitCgroup.killLeftovers());
    }
}
