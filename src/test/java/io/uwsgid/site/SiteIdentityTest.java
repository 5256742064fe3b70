package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uwsgid.os.ExitStatus;
import io.uwsgid.os.Proc;
import io.uwsgid.os.Signals;
import io.uwsgid.status.SiteState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every generation's processes are read from /proc before it counts as running; one that is not who the file says is killed. */
class SiteIdentityTest extends SiteScenario {
    static Proc.Status as(int uid, int gid, boolean nnp, long caps) {
        return new Proc.Status(0, uid, uid, gid, gid, List.of(gid), nnp, caps);
    }

    @Nested
    class AtStart {
        @Test
        void aGenerationRunningAsRootIsKilledAndTheSiteBecomesFatalWithASecurityError() {
            kernel.runAs(as(0, 0, true, 0));
            site.start("test");
            int pid = kernel.lastPid();
            f.accepting(pid);
            assertAll(
                    () -> assertEquals(SiteState.FATAL, site.state()),
                    () -> assertTrue(site.lastError().startsWith("security: generation 1 (pid " + pid + "): pid " + pid + " runs with uid 0"),
                            site.lastError()),
                    () -> assertTrue(kernel.kills.contains(new FakeKernel.Kill(pid, Signals.KILL)), kernel.kills.toString()));
        }

        @Test
        void theKilledGenerationIsReapedAndTheSiteStaysFatal() {
            kernel.runAs(as(65534, 65534, false, 0));
            site.start("test");
            int pid = kernel.lastPid();
            f.accepting(pid);
            f.exits(pid, ExitStatus.killed(Signals.KILL));
            f.converge();
            assertAll(
                    () -> assertEquals(SiteState.FATAL, site.state()),
                    () -> assertEquals(List.of(), site.pids()),
                    () -> assertTrue(site.lastError().contains("no_new_privs is not set"), site.lastError()));
        }

        @Test
        void aGenerationRunningAsConfiguredBecomesRunning() {
            f.running();
            assertEquals(SiteState.RUNNING, site.state());
        }
    }

    @Nested
    class OnReload {
        @Test
        void aNextGenerationWithCapabilitiesIsKilledAndTheRunningOneKeepsServing() {
            int first = f.running();
            kernel.runAs(as(65534, 65534, true, 0x400));
            site.reload("operator");
            int second = kernel.lastPid();
            f.accepting(second);
            assertAll(
                    () -> assertEquals(SiteState.RUNNING, site.state()),
                    () -> assertEquals(first, site.status().pid()),
                    () -> assertTrue(site.lastError().contains("effective capabilities 400"), site.lastError()),
                    () -> assertTrue(kernel.kills.contains(new FakeKernel.Kill(second, Signals.KILL))),
                    () -> assertEquals(List.of(), kernel.bytesSentTo(first), "the old generation was not asked to stop"),
                    () -> assertEquals("failed: reload failed: " + site.lastError().substring("reload failed: ".length()),
                            site.status().counters().lastReload()));
        }
    }

    @Nested
    class TheCheck {
        final io.uwsgid.config.SiteConfig.Identity nobody = SiteFixture.NOBODY;

        @Test
        void aWorkerWithAnotherGroupIsNamed() {
            Optional<String> breach = Identities.breach(nobody, List.of(
                    new Proc.Status(10, 65534, 65534, 65534, 65534, List.of(), true, 0),
                    new Proc.Status(11, 65534, 65534, 65534, 0, List.of(), true, 0)));
            assertEquals(Optional.of("pid 11 runs with gid 65534 (effective 0), not nogroup (65534)"), breach);
        }

        @Test
        void nothingToReadIsABreach() {
            assertTrue(Identities.breach(nobody, List.of()).isPresent());
        }

        @Test
        void processesAsConfiguredPass() {
            assertEquals(Optional.empty(), Identities.breach(nobody, List.of(new Proc.Status(10, 65534, 65534, 65534, 65534, List.of(), true, 0))));
        }
    }
}
