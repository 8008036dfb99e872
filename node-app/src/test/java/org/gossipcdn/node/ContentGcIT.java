package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Overwrites free disk: one key overwritten 100 times on a node with {@code --content-gc-delay 1s}
 * holds one blob's worth of content once the delay has passed (issue 13, proposals/0017-content-gc.md).
 */
class ContentGcIT {

    private static final int SIZE = 64 * 1024;

    static double metric(NodeProcess n, String name) throws Exception {
        String text = new String(n.get("/metrics").body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^" + name + " ([0-9.E+-]+)$").matcher(text);
        assertThat(m.find()).as("metric %s in /metrics", name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aKeyOverwrittenAHundredTimesHoldsOneBlobOfContentAfterTheDelay() throws Exception {
        try (LocalCluster c = new LocalCluster(1, List.of("--content-gc-delay", "1s")).start()) {
            NodeProcess n = c.node(0);
            UUID key = UUID.randomUUID();
            byte[] last = null;
            Random random = new Random(13);
            for (int i = 0; i < 100; i++) {
                last = new byte[SIZE];
                random.nextBytes(last);
                HttpResponse<byte[]> put = n.sendWrite(HttpRequest.newBuilder(n.uri("/v1/blobs/" + key))
                        .header("Content-Type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(last)));
                assertThat(put.statusCode()).as("PUT %d", i).isIn(200, 201, 204);
            }
            Awaitility.await("content back to one blob").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> metric(n, "gcdn_content_bytes") == SIZE);
            assertThat(metric(n, "gcdn_content_count")).isEqualTo(1);
            assertThat(metric(n, "gcdn_content_gc_freed_bytes_total")).isEqualTo(99.0 * SIZE);
            assertThat(n.get("/v1/blobs/" + key).body()).isEqualTo(last);
        }
    }
}
