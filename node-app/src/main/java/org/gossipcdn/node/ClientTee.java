package org.gossipcdn.node;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Copies what a read-through fetch reads to the client as it goes, one chunk behind: the last
 * chunk is held back until the store has checked the whole content against its hash
 * ({@link #verified}), so a client never receives the complete body of wrong content, and a
 * mismatch (or a source failing mid-way) ends with {@link #failed}: the caller closes the
 * connection and the client sees a truncated response, never a complete wrong one. A client that
 * goes away does not stop the fetch: the store still gets every byte. Used by one thread.
 */
final class ClientTee {

    private final OutputStream client;
    private byte[] held = new byte[0];
    private boolean clientGone;
    private boolean started;

    ClientTee(OutputStream client) {
        this.client = client;
    }

    /** True once bytes were sent: a retry from another source can no longer be sent to this client. */
    boolean started() {
        return started;
    }

    /** {@code in}, copied to the client as it is read. */
    InputStream wrap(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    pass(Arrays.copyOfRange(b, off, off + n));
                }
                return n;
            }
        };
    }

    private void pass(byte[] chunk) {
        send(held);
        held = chunk;
    }

    /** The source failed or sent wrong bytes: drops the held-back chunk (what was sent cannot be taken back). */
    void discard() {
        held = new byte[0];
    }

    /** The store confirmed the hash: sends the held-back chunk and ends the body. */
    void verified() {
        send(held);
        held = new byte[0];
        if (!clientGone) {
            try {
                client.close();
            } catch (IOException e) {
                clientGone = true;
            }
        }
    }

    /** True if the client went away before the body was complete. */
    boolean clientGone() {
        return clientGone;
    }

    private void send(byte[] bytes) {
        if (clientGone || bytes.length == 0) {
            return;
        }
        started = true;
        try {
            client.write(bytes);
        } catch (IOException e) {
            clientGone = true; // the fetch goes on for the store and the other readers
        }
    }
}
