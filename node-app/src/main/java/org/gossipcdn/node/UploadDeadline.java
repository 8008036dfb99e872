package org.gossipcdn.node;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An upload body that must keep up: once {@code graceNanos} have passed, a read finds the average
 * rate since the start below {@code minBytesPerSecond} and throws {@link TooSlow}. (A client that
 * sends nothing at all is cut by the connection's read timeout instead.)
 */
final class UploadDeadline extends FilterInputStream {

    /** The client sent its body too slowly; answered with 408 and the connection closed. */
    static final class TooSlow extends IOException {
        private static final long serialVersionUID = 1L;

        TooSlow(String message) {
            super(message);
        }
    }

    private final long start = System.nanoTime();
    private final long graceNanos;
    private final long minBytesPerSecond;
    private long bytes;

    UploadDeadline(InputStream in, long graceNanos, long minBytesPerSecond) {
        super(in);
        this.graceNanos = graceNanos;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    private void check() throws TooSlow {
        long elapsed = System.nanoTime() - start;
        if (minBytesPerSecond > 0 && elapsed > graceNanos && bytes < minBytesPerSecond * (elapsed / 1e9)) {
            throw new TooSlow("upload too slow: " + bytes + " bytes in " + elapsed / 1_000_000 + " ms, under the minimum of "
                    + minBytesPerSecond + " bytes/s");
        }
    }

    @Override
    public int read() throws IOException {
        check();
        int b = super.read();
        if (b >= 0) {
            bytes++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        check();
        int n = super.read(b, off, len);
        if (n > 0) {
            bytes += n;
        }
        return n;
    }
}
