package io.uwsgid.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.uwsgid.os.Handoff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Descriptors given to a file descriptor store the way systemd takes them: datagrams on
 * NOTIFY_SOCKET saying FDSTORE=1 and FDNAME=..., each with one descriptor (SCM_RIGHTS). A real
 * receiver on a real socket reads what arrived.
 */
class FdStoreIT {
    private static final String RECEIVER = String.join("\n",
            "import os, socket, sys",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind(sys.argv[1])",
            "print('ready', flush=True)",
            "for _ in range(int(sys.argv[2])):",
            "    msg, fds, flags, addr = socket.recv_fds(s, 4096, 4)",
            "    fields = dict(l.split('=', 1) for l in msg.decode().splitlines())",
            "    os.lseek(fds[0], 0, 0)",
            "    print(fields['FDSTORE'], fields['FDNAME'], len(fds), os.read(fds[0], 100).decode(), flush=True)",
            "");

    @Test
    void eachDescriptorArrivesWithItsNameAndStillReadsWhatItHeld() throws Exception {
        Path dir = Files.createTempDirectory("fdstore");
        Path socket = dir.resolve("notify");
        Path script = Files.writeString(dir.resolve("receiver.py"), RECEIVER);
        Process receiver = new ProcessBuilder("python3", script.toString(), socket.toString(), "2").redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(receiver.getInputStream()));
            assertEquals("ready", out.readLine());
            Map<String, Integer> fds = new LinkedHashMap<>();
            fds.put("0.emperor", Handoff.memoryFile("a", "emperor end"));
            fds.put("state", Handoff.memoryFile("b", "{\"version\":1}"));
            assertEquals(2, Handoff.store(socket.toString(), fds));
            assertEquals("1 0.emperor 1 emperor end", out.readLine());
            assertEquals("1 state 1 {\"version\":1}", out.readLine());
            assertEquals(0, receiver.waitFor(10, TimeUnit.SECONDS) ? receiver.exitValue() : -1);
        } finally {
            receiver.destroyForcibly();
        }
    }
}
