package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.List;
import java.util.UUID;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB blob through a node started with -Xmx256m (and -XX:+ExitOnOutOfMemoryError, so running
 * out of heap would kill it): uploaded and downloaded as streams, with Range reads. Neither side
 * holds the blob in memory.
 */
class LargeBlobIT {

    private static final long SIZE = 1L << 30;

    /** Byte i of the test blob: computable at any offset, so nothing is kept. */
    static byte at(long i) {
        long z = i * 0x9E3779B97F4A7C15L;
        return (byte) (z >>> 56);
    }

    /** The test blob as a stream, hashing what it hands out. */
    static final class Generated extends InputStream {
        private long position;
        private final long size;
        final MessageDigest sha = Sha256.newDigest();

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            if (position >= size) {
                return -1;
            }
            byte b = at(position++);
            sha.update(b);
            return b & 0xFF;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - position);
            for (int k = 0; k < n; k++) {
                buf[off + k] = at(position + k);
            }
            sha.update(buf, off, n);
            position += n;
            return n;
        }
    }

    @Test
    void aOneGibBlobStreamsInAndOutOfANodeWith256MibOfHeap() throws Exception {
        try (LocalCluster c = new LocalCluster(1, List.of("--max-blob-size", "2GiB")).start()) {
            NodeProcess n = c.node(0);
            UUID key = UUID.randomUUID();
            Generated upload = new Generated(SIZE);
            long t0 = System.nanoTime();
            HttpResponse<byte[]> put = n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> upload), SIZE)));
            long t1 = System.nanoTime();
            assertThat(put.statusCode()).isEqualTo(201);
            Sha256 expected = Sha256.fromBytes(upload.sha.digest());
            assertThat(put.headers().firstValue("etag")).contains("\"" + expected + "\"");

            HttpResponse<InputStream> get = NodeProcess.HTTP.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(get.headers().firstValueAsLong("content-length")).hasValue(SIZE);
            MessageDigest sha = Sha256.newDigest();
            long read = 0;
            try (InputStream in = get.body()) {
                byte[] buf = new byte[1 << 16];
                int k;
                while ((k = in.read(buf)) > 0) {
                    sha.update(buf, 0, k);
                    read += k;
                }
            }
            long t2 = System.nanoTime();
            assertThat(read).isEqualTo(SIZE);
            assertThat(Sha256.fromBytes(sha.digest())).isEqualTo(expected);

            long[][] ranges = {{0, 99}, {SIZE / 2 - 10, SIZE / 2 + 10}, {(1 << 20) - 3, (1 << 20) + 3}, {SIZE - 7, SIZE - 1}};
            for (long[] r : ranges) {
                HttpResponse<byte[]> part = n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key))
                        .header("Range", "bytes=" + r[0] + "-" + r[1]).GET());
                assertThat(part.statusCode()).isEqualTo(206);
                assertThat(part.headers().firstValue("content-range")).contains("bytes " + r[0] + "-" + r[1] + "/" + SIZE);
                byte[] want = new byte[(int) (r[1] - r[0] + 1)];
                for (int k = 0; k < want.length; k++) {
                    want[k] = at(r[0] + k);
                }
                assertThat(part.body()).isEqualTo(want);
            }
            assertThat(n.isAlive()).as("the node survived with -Xmx256m").isTrue();
            double heapMb = heapUsedBytes(n) / 1e6;
            System.out.printf("1 GiB: upload %.1f s, download %.1f s, node heap used after: %.0f MB (max 256 MiB)%n",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, heapMb);
            assertThat(heapMb).isLessThan(256 * 1.048576);
        }
    }

    private static double heapUsedBytes(NodeProcess n) throws IOException {
        double total = 0;
        for (String line : new String(n.get("/metrics").body()).split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertThat(total).as("heap metric present").isPositive();
        return total;
    }
}
