package io.uwsgid.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** What both ends of the control socket do alike; kept apart from the server so that the client loads no logging. */
public final class Wire {
    private Wire() {}

    /** Writes all of {@code bytes}: a channel write may take only part of a large reply. */
    public static void writeFully(WritableByteChannel ch, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            if (ch.write(buf) < 0) {
                throw new IOException("the other end went away");
            }
        }
    }
}
