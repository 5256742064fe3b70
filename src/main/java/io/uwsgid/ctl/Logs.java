package io.uwsgid.ctl;

import io.uwsgid.control.ExitCodes;
import io.uwsgid.control.Json;
import io.uwsgid.control.LogFrame;
import io.uwsgid.control.LogsRequest;
import io.uwsgid.control.Reply;
import io.uwsgid.control.Wire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** uwsgictl logs: a site's log through the daemon, which reads it as root (also a chrooted site's, or one that logs to the console). */
@CommandLine.Command(name = "logs", mixinStandardHelpOptions = true, description = {
        "Prints the last lines of a site's log, as tail does, read by uwsgid: the",
        "site's log file, or for a site without one what uwsgid kept of its console",
        "output (the last 64 KiB). With -f, then prints every line the site writes",
        "until interrupted, across logrotate and reopen-logs, losing and repeating none.",
        "Needs root (or control-group-access = all): site output may hold secrets."})
final class Logs implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", description = "uwsgid's control socket (default: ${DEFAULT-VALUE})")
    Path socket = Path.of("/run/uwsgid/control.sock");

    @Option(names = {"-n", "--lines"}, paramLabel = "N", description = "how many of the last lines to print (default: ${DEFAULT-VALUE})")
    int lines = LogsRequest.DEFAULT_LINES;

    @Option(names = {"-f", "--follow"}, description = "keep printing lines as the site writes them, until Ctrl-C")
    boolean follow;

    @Parameters(paramLabel = "SITE", description = "the site (its file name without .ini)")
    String site;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        if (lines < 0) {
            err.println("uwsgictl logs: -n takes 0 or more lines, not " + lines);
            return ExitCodes.USAGE;
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            boolean denied = m.contains("ermission denied");
            err.println(denied ? "uwsgictl: not permitted to connect to " + socket + " (" + m + ")"
                    : "uwsgictl: uwsgid is not running (cannot connect to " + socket + ": " + m + ")");
            return denied ? ExitCodes.NOT_PERMITTED : ExitCodes.NOT_RUNNING;
        }
        try (ch) {
            Wire.writeFully(ch, (Json.write(LogsRequest.of(site, lines, follow)) + "\n").getBytes(StandardCharsets.UTF_8));
            return print(new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8)), out, err);
        } catch (IOException e) {
            err.println("uwsgictl: no valid reply from uwsgid: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    /** The reply line, then frames until the end frame; each batch of lines is flushed as it comes. */
    private static int print(BufferedReader in, PrintWriter out, PrintWriter err) throws IOException {
        String first = in.readLine();
        if (first == null) {
            throw new IOException("uwsgid closed the connection without a reply");
        }
        Reply reply = Json.read(first, Reply.class);
        if (reply.code() != ExitCodes.OK) {
            err.println("uwsgictl: " + reply.message());
            return reply.code();
        }
        if (!reply.message().isEmpty()) {
            err.println("uwsgictl logs: " + reply.message());
            err.flush();
        }
        for (String line; (line = in.readLine()) != null; ) {
            LogFrame frame = Json.read(line, LogFrame.class);
            if (frame.lines() != null) {
                frame.lines().forEach(out::println);
                out.flush();
                if (out.checkError()) {
                    return ExitCodes.OK; // whoever read our output stopped (| head)
                }
            }
            if (frame.end() != null) {
                if (!frame.end().isEmpty()) {
                    err.println("uwsgictl logs: " + frame.end());
                }
                return frame.code() == null ? ExitCodes.FAILED : frame.code();
            }
        }
        err.println("uwsgictl logs: uwsgid closed the stream before its end (was it restarted or upgraded?); run uwsgictl logs again");
        return ExitCodes.FAILED;
    }
}
