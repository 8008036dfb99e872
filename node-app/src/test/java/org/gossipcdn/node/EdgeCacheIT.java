package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.Test;

/**
 * Real processes, R = 1 (issue 13, proposal 0018): a GET at a node that does not hold a blob reads
 * it through from its holder and then serves it as a hit; 100 concurrent GETs of a cold blob
 * cause one fetch; with its holders gone, the read is a 503 with the reason, never a 404.
 */
class EdgeCacheIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void put(NodeProcess node, UUID key, byte[] body) throws IOException {
        HttpResponse<byte[]> r = node.sendWrite(HttpRequest.newBuilder(node.uri("/v1/blobs/" + key))
                .header("Content-Type", "application/x-test").PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
    }

    private static void awaitMembers(LocalCluster c, int n) {
        await("every node sees " + n + " alive members").atMost(SETTLE).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (NodeProcess p : c.nodes) {
                long alive = 0;
                for (JsonNode m : JSON.readTree(p.get("/v1/cluster/members").body())) {
                    alive += m.get("status").asText().equals("alive") ? 1 : 0;
                }
                if (alive != n) {
                    return false;
                }
            }
            return true;
        });
    }

    /** {@code GET /v1/blobs/{key}/replicas} at {@code at}, once its one holder confirms the content. */
    private static JsonNode confirmedReplicas(NodeProcess at, UUID key) {
        JsonNode[] seen = new JsonNode[1];
        await("the holder of " + key + " confirms it").atMost(SETTLE).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<byte[]> r = at.get("/v1/blobs/" + key + "/replicas");
            if (r.statusCode() != 200) {
                return false;
            }
            seen[0] = JSON.readTree(r.body());
            return seen[0].get("holders").get(0).get("confirmed").asBoolean();
        });
        return seen[0];
    }

    /** A node that is neither the writer nor the holder: it has the record but not the content. */
    private static NodeProcess nonHolder(LocalCluster c, NodeProcess writer, JsonNode replicas) {
        String holder = replicas.get("holders").get(0).get("address").asText();
        return c.nodes.stream().filter(p -> p != writer && !p.address().equals(holder)).findFirst().orElseThrow();
    }

    private static double metric(NodeProcess n, String series) throws IOException {
        for (String line : new String(n.get("/metrics").body()).split("\n")) {
            if (line.startsWith(series + " ") || line.startsWith(series + "{") && !series.contains("{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static void awaitRecord(NodeProcess n, UUID key) {
        await("the record of " + key + " reaches " + n.address()).atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> n.get("/v1/blobs/" + key + "/versions").statusCode() == 200);
    }

    @Test
    void aNonHolderReadsThroughThenHitsAndAHundredColdReadsShareOneFetch() throws Exception {
        try (LocalCluster c = new LocalCluster(3, List.of("--replicas", "1")).start()) {
            awaitMembers(c, 3);
            NodeProcess writer = c.node(0);
            UUID big = UUID.randomUUID();
            byte[] bigBytes = bytes(12 << 20, 1); // over the hot-cache entry size: the leading read streams it
            put(writer, big, bigBytes);
            NodeProcess reader = nonHolder(c, writer, confirmedReplicas(writer, big));
            awaitRecord(reader, big);

            HttpResponse<byte[]> miss = reader.get("/v1/blobs/" + big);
            assertThat(miss.statusCode()).isEqualTo(200);
            assertThat(Sha256.of(miss.body())).isEqualTo(Sha256.of(bigBytes));
            assertThat(metric(reader, "gcdn_edge_fetches_total")).isEqualTo(1);
            HttpResponse<byte[]> hit = reader.get("/v1/blobs/" + big);
            assertThat(Sha256.of(hit.body())).isEqualTo(Sha256.of(bigBytes));
            HttpResponse<byte[]> range = reader.send(HttpRequest.newBuilder(reader.uri("/v1/blobs/" + big))
                    .header("Range", "bytes=100-199").GET());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(bigBytes, 100, 200));
            assertThat(metric(reader, "gcdn_edge_fetches_total")).as("the second read and the range are hits").isEqualTo(1);
            JsonNode where = JSON.readTree(reader.get("/v1/blobs/" + big + "/replicas").body());
            assertThat(where.get("caches").toString()).as("the reader now caches it").contains(reader.address());

            UUID cold = UUID.randomUUID();
            byte[] coldBytes = bytes(1 << 20, 2);
            put(writer, cold, coldBytes);
            NodeProcess at = nonHolder(c, writer, confirmedReplicas(writer, cold));
            awaitRecord(at, cold);
            double fetchesBefore = metric(at, "gcdn_edge_fetches_total");
            List<CompletableFuture<HttpResponse<byte[]>>> gets = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                gets.add(NodeProcess.HTTP.sendAsync(HttpRequest.newBuilder(at.uri("/v1/blobs/" + cold))
                        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
            }
            for (CompletableFuture<HttpResponse<byte[]>> g : gets) {
                HttpResponse<byte[]> r = g.join();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(Sha256.of(r.body())).isEqualTo(Sha256.of(coldBytes));
            }
            assertThat(metric(at, "gcdn_edge_fetches_total") - fetchesBefore).as("one fetch for 100 reads").isEqualTo(1);
        }
    }

    @Test
    void withItsHoldersGoneAReadIsA503WithTheReasonAndContentIsImmutable() throws Exception {
        try (LocalCluster c = new LocalCluster(3, List.of("--replicas", "1", "--cache-size", "0")).start()) {
            awaitMembers(c, 3);
            NodeProcess writer = c.node(0);
            UUID key = UUID.randomUUID();
            byte[] body = bytes(10_000, 3);
            put(writer, key, body);
            JsonNode replicas = confirmedReplicas(writer, key);
            NodeProcess holder = c.nodes.stream()
                    .filter(p -> p.address().equals(replicas.get("holders").get(0).get("address").asText())).findFirst().orElseThrow();
            HttpResponse<byte[]> content = holder.get("/v1/content/" + Sha256.of(body));
            assertThat(content.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");

            NodeProcess reader = nonHolder(c, writer, replicas);
            awaitRecord(reader, key);
            holder.kill9();
            if (writer != holder) {
                writer.kill9(); // it may still keep the uploaded copy (or a cache copy of it): no source is left
            }
            HttpResponse<byte[]> r = reader.get("/v1/blobs/" + key);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            // the reason names each source that failed; once the holder is declared dead, that no member is left to ask
            assertThat(new String(r.body())).satisfiesAnyOf(
                    b -> assertThat(b).contains("could not be fetched").contains(holder.address()),
                    b -> assertThat(b).contains("no live data member"));
        }
    }

    @Test
    void overItsDiskBudgetANodeRefusesUploadsWith507AndSaysItIsShort() throws Exception {
        try (LocalCluster c = new LocalCluster(1, List.of("--max-disk", "1KiB")).start()) {
            NodeProcess n = c.node(0);
            HttpResponse<byte[]> r = n.send(HttpRequest.newBuilder(n.uri("/v1/blobs/" + UUID.randomUUID()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(1_000, 4))));
            assertThat(r.statusCode()).isEqualTo(507);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new String(r.body())).contains("--max-disk");
            JsonNode status = JSON.readTree(n.get("/v1/status").body());
            assertThat(status.get("disk").get("short").asBoolean()).isTrue();
            assertThat(status.get("disk").get("uploadsRefused").asLong()).isEqualTo(1);
            assertThat(metric(n, "gcdn_disk_short")).isEqualTo(1);
        }
    }
}
