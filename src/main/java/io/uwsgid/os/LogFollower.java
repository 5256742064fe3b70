package io.uwsgid.os;

import java.util.ArrayDeque;

/**
 * One reader following a site's log: what the site writes is copied here by the thread that
 * drains the site's pipe, and taken by the reader's own thread. Bounded: a reader that falls
 * more than {@code limit} bytes behind is cut off (what it already has is still delivered, then
 * it is told), so a slow reader never holds up a site.
 */
final class LogFollower {
    private final int limit;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int queued;
    private boolean fellBehind;

    LogFollower(int limit) {
        this.limit = limit;
    }

    /** Never blocks. False once this follower fell behind: its feed then drops it. */
    synchronized boolean offer(byte[] bytes, int off, int len) {
        if (fellBehind || queued + len > limit) {
            fellBehind = true;
            notifyAll();
            return false;
        }
        queue.add(java.util.Arrays.copyOfRange(bytes, off, off + len));
        queued += len;
        notifyAll();
        return true;
    }

    /**
     * What was written since the last take, at most about {@code max} bytes (whole writes, so whole
     * lines), waiting up to {@code millis} for something; null if nothing came.
     */
    synchronized byte[] take(int max, long millis) throws InterruptedException, LogReader.FellBehind {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (long left = millis; queue.isEmpty() && !fellBehind && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            wait(left);
        }
        if (queue.isEmpty()) {
            if (fellBehind) {
                throw new LogReader.FellBehind(limit);
            }
            return null;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (!queue.isEmpty() && (out.size() == 0 || out.size() + queue.peek().length <= max)) {
            byte[] chunk = queue.poll();
            queued -= chunk.length;
            out.write(chunk, 0, chunk.length);
        }
        return out.toByteArray();
    }
}
