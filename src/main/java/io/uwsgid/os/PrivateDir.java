package io.uwsgid.os;

import static io.uwsgid.os.Native.LIBC;

import java.security.SecureRandom;

/**
 * A root-only directory made inside another one for the time it takes to prepare a file there
 * (bind, chmod, chown, write) before renaming it into place: nobody else can enter it, so nothing
 * in it can be swapped.
 */
final class PrivateDir implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The one name a private directory ever holds. */
    static final String ITEM = "item";
    final Dir parent;
    final Dir dir;
    private final String name;

    private PrivateDir(Dir parent, Dir dir, String name) {
        this.parent = parent;
        this.dir = dir;
        this.name = name;
    }

    static PrivateDir in(Dir parent) throws OsException {
        String name = ".uwsgid-" + Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE);
        Native.check(LIBC.mkdirat(parent.fd, name, 0700), "mkdir", parent.path.resolve(name));
        Dir dir;
        try {
            dir = parent.sub(name);
        } catch (OsException e) {
            parent.rmdir(name);
            throw e;
        }
        Stat st = Stat.fstat(dir.fd);
        if (st.uid() != 0 || (st.mode() & 077) != 0) {
            dir.close();
            throw new OsException(Native.EEXIST, parent.path.resolve(name) + " was replaced while being made (owner uid "
                    + st.uid() + "); refusing to use it");
        }
        return new PrivateDir(parent, dir, name);
    }

    /** Moves the item from the private directory to {@code target} in the parent, atomically replacing what is there. */
    void publish(String target) throws OsException {
        dir.rename(ITEM, parent, target);
    }

    @Override
    public void close() {
        dir.unlink(ITEM);
        dir.close();
        parent.rmdir(name);
    }
}
