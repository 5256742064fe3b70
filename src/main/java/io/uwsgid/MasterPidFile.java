package io.uwsgid;

import io.uwsgid.config.DaemonConfig;
import io.uwsgid.os.OsException;
import io.uwsgid.os.SafeFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The daemon's own pid file; it also keeps a second uwsgid from starting on the same run directory. */
final class MasterPidFile {
    private final Path path;
    private final int pid;

    private MasterPidFile(Path path, int pid) {
        this.path = path;
        this.pid = pid;
    }

    static MasterPidFile claim(DaemonConfig daemon) {
        Path path = daemon.pidFile();
        int pid = (int) ProcessHandle.current().pid();
        try {
            SafeFiles.makeRootDir(daemon.runDir(), 0755, 0);
            SafeFiles.makeRootDir(daemon.runDir().resolve("sites"), 0755, 0);
            int other = runningOwner(path);
            if (other > 0 && other != pid) {
                throw new HaltDaemon("another uwsgid (pid " + other + ") runs with " + daemon.runDir() + "; stop it first", 1);
            }
            SafeFiles.write(path, pid + "\n", 0644, 0, 0);
        } catch (OsException e) {
            throw new HaltDaemon("cannot prepare " + daemon.runDir() + ": " + e.getMessage(), 1);
        }
        return new MasterPidFile(path, pid);
    }

    /** The pid in the file if that process is a uwsgid, else 0 (a stale file from a killed daemon). */
    private static int runningOwner(Path path) {
        try {
            int other = Integer.parseInt(Files.readString(path).trim());
            String cmdline = io.uwsgid.os.Proc.read(Path.of("/proc/" + other + "/cmdline")).replace('\0', ' ');
            return cmdline.contains("uwsgid") ? other : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    void release() {
        SafeFiles.removePidFile(path, pid);
    }
}
