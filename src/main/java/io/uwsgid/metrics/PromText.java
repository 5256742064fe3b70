package io.uwsgid.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes samples in Prometheus' text format (0.0.4) straight into one small reused buffer that
 * goes out whenever it fills: a scrape of 500 sites writes ~27,000 lines, and building objects
 * for each (as a registry's snapshot does) cost ~0.9 KiB a line. Numbers are written as
 * {@link Double#toString} writes them, whole numbers below 10^7 without allocating.
 */
final class PromText {
    private static final int SIZE = 32 * 1024;
    private final OutputStream out;
    private final byte[] buf = new byte[SIZE];
    private int len;

    PromText(OutputStream out) {
        this.out = out;
    }

    /** The {@code # HELP} and {@code # TYPE} lines of one family. */
    void family(byte[] help, byte[] type) throws IOException {
        bytes(help);
        bytes(type);
    }

    /** One line: name, then {@code {labels}} (already escaped, without braces), then the value. */
    void sample(byte[] name, byte[] labels, byte[] moreLabels, double value) throws IOException {
        series(name, labels, moreLabels);
        number(value);
        ascii('\n');
    }

    /** A line whose value is a count, written without a decimal point (histogram buckets and counts). */
    void count(byte[] name, byte[] labels, byte[] moreLabels, long value) throws IOException {
        series(name, labels, moreLabels);
        digits(value);
        ascii('\n');
    }

    /** {@code name{labels}} and the space before the value. */
    private void series(byte[] name, byte[] labels, byte[] moreLabels) throws IOException {
        bytes(name);
        ascii('{');
        bytes(labels);
        if (moreLabels != null) {
            bytes(moreLabels);
        }
        ascii('}');
        ascii(' ');
    }

    void flush() throws IOException {
        out.write(buf, 0, len);
        len = 0;
        out.flush();
    }

    private void number(double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e7 && !(v == 0 && 1 / v < 0)) {
            digits((long) v);
            ascii('.');
            ascii('0');
        } else {
            bytes(Double.toString(v).getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void digits(long v) throws IOException {
        room(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void ascii(char c) throws IOException {
        room(1);
        buf[len++] = (byte) c;
    }

    private void bytes(byte[] b) throws IOException {
        if (b.length > SIZE - len) {
            out.write(buf, 0, len);
            len = 0;
            if (b.length > SIZE) {
                out.write(b);
                return;
            }
        }
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    private void room(int n) throws IOException {
        if (SIZE - len < n) {
            out.write(buf, 0, len);
            len = 0;
        }
    }

    /** A label value as the text format wants it: backslash, double quote and newline escaped. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
