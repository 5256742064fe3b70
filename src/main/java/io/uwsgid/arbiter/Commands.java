package io.uwsgid.arbiter;

import io.uwsgid.control.Command;
import io.uwsgid.control.ExitCodes;
import io.uwsgid.control.Reply;
import io.uwsgid.control.Request;
import io.uwsgid.site.Site;
import io.uwsgid.status.SiteState;
import io.uwsgid.status.SiteStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Control requests, applied on the loop thread. A command does to a site exactly what the
 * matching signal does (reload is the path HUP takes), then a {@link Waiter} answers once the
 * outcome is known.
 */
final class Commands {
    private static final Set<SiteState> SERVING = EnumSet.of(SiteState.STARTING, SiteState.RUNNING, SiteState.RELOADING);
    private final Arbiter arbiter;

    Commands(Arbiter arbiter) {
        this.arbiter = arbiter;
    }

    /** On the loop thread: carries the request out, completing {@code reply} now or once its outcome is known. */
    void run(Request r, CompletableFuture<Reply> reply) {
        Optional<Command> command = r.kind();
        if (command.isEmpty()) {
            reply.complete(Reply.error(ExitCodes.USAGE, "unknown command '" + r.command() + "'; commands: " + Request.COMMANDS));
            return;
        }
        switch (command.get()) {
            case STATUS -> reply.complete(status(r));
            case REOPEN_LOGS -> {
                arbiter.reopenLogs();
                reply.complete(Reply.error(ExitCodes.OK, "reopened the log files of " + arbiter.sites().size() + " sites"));
            }
            case RESCAN -> {
                List<String> changes = arbiter.rescan(false, "uwsgictl rescan");
                reply.complete(Reply.error(ExitCodes.OK, changes.isEmpty() ? "no site file changed" : String.join("\n", changes)));
            }
            case START, STOP, RESTART, RELOAD -> siteCommand(command.get(), r, reply);
            case LOGS -> reply.complete(LogSource.of(arbiter, r).orElseGet(() -> notFound(unknown(r))));
            case UPGRADE -> {
                if (arbiter.shuttingDown()) {
                    reply.complete(Reply.error(ExitCodes.FAILED, "uwsgid is shutting down"));
                } else {
                    arbiter.upgrade(reply);
                }
            }
        }
    }

    private Reply status(Request r) {
        List<SiteStatus> out = new ArrayList<>();
        for (Site s : arbiter.sites()) {
            if (r.sites().isEmpty() || r.sites().contains(s.name())) {
                out.add(s.status());
            }
        }
        List<String> unknown = unknown(r);
        return unknown.isEmpty() ? new Reply(ExitCodes.OK, "", List.of(), out) : notFound(unknown);
    }

    private void siteCommand(Command command, Request r, CompletableFuture<Reply> reply) {
        if (arbiter.shuttingDown()) {
            reply.complete(Reply.error(ExitCodes.FAILED, "uwsgid is shutting down"));
            return;
        }
        if (!r.all() && r.sites().isEmpty()) {
            reply.complete(Reply.error(ExitCodes.USAGE, r.command() + " needs site names or --all"));
            return;
        }
        List<String> unknown = unknown(r);
        if (!unknown.isEmpty()) {
            reply.complete(notFound(unknown));
            return;
        }
        List<Site> targets = targets(r);
        if (command == Command.RELOAD) {
            List<String> stopped = targets.stream().filter(s -> s.state() == SiteState.STOPPED).map(Site::name).toList();
            if (!stopped.isEmpty() && !r.all()) {
                reply.complete(Reply.error(ExitCodes.NOT_RUNNING, String.join(", ", stopped) + " not running"
                        + (targets.stream().anyMatch(Site::operatorStopped) ? " (stopped by the operator)" : "")
                        + "; start it with uwsgictl start " + String.join(" ", stopped)));
                return;
            }
            targets = targets.stream().filter(s -> s.state() != SiteState.STOPPED).toList();
        }
        long deadline = arbiter.kernel().nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(r.waitSeconds(), 1));
        Waiter waiter = new Waiter(r.command(), reply, deadline);
        for (Site site : targets) {
            waiter.add(site, act(command, r, site));
        }
        if (r.waitSeconds() <= 0) {
            reply.complete(new Reply(ExitCodes.OK, r.command() + " requested for " + targets.size() + " sites", List.of(), List.of()));
        } else {
            arbiter.addWaiter(waiter);
        }
    }

    /**
     * Applies the command to one site now, and returns how to tell its outcome. Start, restart
     * and reload read the site's file first, so the site runs what the file says now; reloads
     * then wait for a slot like every other reload (HUP, a changed file).
     */
    private Function<Site, Optional<Reply.Result>> act(Command command, Request r, Site site) {
        SiteStatus before = site.status();
        String why = "uwsgictl " + command + (r.all() ? " --all" : "");
        boolean serving = SERVING.contains(before.state());
        boolean reads = command != Command.STOP && !(command == Command.START && serving);
        Optional<String> invalid = reads ? arbiter.reread(site) : Optional.empty();
        if (invalid.isPresent()) {
            String kept = serving ? "; generation " + before.generation() + " keeps serving" : "";
            return s -> Outcomes.failed(s, "its file is invalid: " + invalid.get() + kept);
        }
        switch (command) {
            case START -> {
                site.start(why);
                return s -> Outcomes.running(s, -1);
            }
            case STOP -> {
                site.stopByOperator(why);
                return Outcomes::stopped;
            }
            case RESTART -> {
                site.restart(why);
                return s -> Outcomes.running(s, before.generation());
            }
            default -> { // RELOAD
                arbiter.enqueue(site, why);
                if (before.state() != SiteState.RUNNING && before.state() != SiteState.RELOADING) {
                    return s -> Outcomes.running(s, before.generation());
                }
                return s -> Outcomes.reloaded(s, before.counters().reloadSeq());
            }
        }
    }

    private List<Site> targets(Request r) {
        if (r.all()) {
            return new ArrayList<>(arbiter.sites());
        }
        return r.sites().stream().distinct().map(arbiter::site).toList();
    }

    private List<String> unknown(Request r) {
        return r.sites().stream().filter(n -> arbiter.site(n) == null).toList();
    }

    Reply notFound(List<String> unknown) {
        List<String> known = arbiter.sites().stream().map(Site::name).toList();
        return Reply.error(ExitCodes.NOT_RUNNING, "no site named " + String.join(", ", unknown) + " (sites: "
                + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
    }
}
