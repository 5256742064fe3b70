package io.uwsgid.ctl;

import io.uwsgid.control.Command;
import io.uwsgid.control.ExitCodes;
import io.uwsgid.control.Reply;
import io.uwsgid.control.Request;
import io.uwsgid.status.SiteState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** uwsgictl upgrade: the daemon hands its running sites to a new uwsgid (exec in place); this waits until the new one answers. */
@CommandLine.Command(name = "upgrade", mixinStandardHelpOptions = true, description = {
        "Replaces the running uwsgid with the uwsgid installed now (after a package upgrade) without stopping",
        "any site: every running site's uWSGI master, sockets and log pipe are handed to the new daemon, which",
        "takes them over (same pids, no request lost). Waits until the new daemon answers, and says how long that took."})
final class Upgrade implements Callable<Integer> {
    private static final long POLL_MILLIS = 20;
    @Mixin Ctl.Common common;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        Object before = controlSocketIdentity();
        long start = System.nanoTime();
        int code = common.send(spec, Command.UPGRADE.wire(), List.of(), false);
        if (code != ExitCodes.OK || common.noWait) {
            return code;
        }
        long deadline = start + common.timeout * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            Object now = controlSocketIdentity();
            if (now != null && !now.equals(before)) {
                try {
                    Reply status = new Client(common.socket).send(new Request(Command.STATUS, List.of(), false, 0));
                    long running = status.sites().stream().filter(s -> s.state() == SiteState.RUNNING).count();
                    out.printf("uwsgid answers again after %d ms: %d of %d sites running%n", (System.nanoTime() - start) / 1_000_000, running,
                            status.sites().size());
                    out.flush();
                    return ExitCodes.OK;
                } catch (IOException e) {
                    // not listening yet
                }
            }
            sleep();
        }
        err.println("uwsgictl: no new uwsgid answered on " + common.socket + " within " + common.timeout + " s; see uwsgid's log");
        return ExitCodes.FAILED;
    }

    /** The control socket file's identity (an inode number may be reused at once, its change time not): a new daemon binds a new one. */
    private Object controlSocketIdentity() {
        try {
            return Files.readAttributes(common.socket, "unix:ino,ctime");
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
