package io.uwsgid.site;

/** One spawned uWSGI master of a site (and its workers, in its process group). Touched by the loop thread only. */
final class Generation {
    final int number;
    final int pid;
    final long spawnedAt;
    /** The sockets and log it was given; shared with the generations before and after it unless a reload moved them. */
    final Resources resources;
    long acceptingAt;
    /** When it was asked to stop; 0 while it is wanted. */
    long stopAskedAt;
    boolean killed;
    /** When a generation kept serving moved-away sockets is to be asked to stop; 0 when not deferred. */
    long retireAt;
    /** Since when nobody can connect to its sockets (a reload replaced them) while it takes what was queued; 0 otherwise. */
    long drainingSince;
    /** When its master was reaped while workers of its process group lived on; 0 otherwise. */
    long orphanedAt;
    /** Its own cgroup (a site with limits); null otherwise. */
    io.uwsgid.os.SiteCgroup cgroup;
    /** It stopped answering (see {@link Liveness}): killed, not asked to stop, once its replacement accepts. */
    boolean hung;

    Generation(int number, int pid, long spawnedAt, Resources resources) {
        this.number = number;
        this.pid = pid;
        this.spawnedAt = spawnedAt;
        this.resources = resources;
    }

    boolean accepting() {
        return acceptingAt != 0;
    }

    @Override
    public String toString() {
        return "generation " + number + " (pid " + pid + ")";
    }
}
