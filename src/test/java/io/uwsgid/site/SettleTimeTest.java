package io.uwsgid.site;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.os.ExitStatus;
import io.uwsgid.status.SiteState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uWSGI misses a stop sent while it still sets up its workers: a young generation's stop waits for the settle time. */
class SettleTimeTest {
    @TempDir
    Path dir;

    @Test
    void aGenerationReplacedRightAfterItAcceptedIsAskedToStopOnlyOnceItHasSettled() throws Exception {
        SiteFixture f = new SiteFixture(dir);
        f.site.setDaemon(SiteFixture.daemon(dir, Path.of("/usr/bin/setpriv"), Duration.ofSeconds(1)));
        int first = f.running();
        f.site.reload("deploy");
        f.accepting(f.kernel.lastPid());
        assertEquals(List.of(), f.kernel.bytesSentTo(first), "too young to be told to stop");
        f.passes(Duration.ofMillis(1100));
        assertEquals(List.of(Site.EMPEROR_STOP), f.kernel.bytesSentTo(first));
        f.exits(first, ExitStatus.exited(0));
        assertEquals(SiteState.RUNNING, f.site.state());
    }
}
