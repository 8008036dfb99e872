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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.Test;

/**
 * Real processes, issue 13: 8 nodes, R = 3, 500 blobs. Each node holds about 3/8 of the bytes;
 * a non-holder reads a blob through and then serves it as a hit; after kill -9 of a holder every
 * blob is still readable at every live node, and the survivors bring every blob back to 3 copies.
 */
class PlacementIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NODES = 8;
    private static final int BLOBS = 500;
    private static final int SIZE = 1024;
    private static final Duration SETTLE = Duration.ofSeconds(120);

    @Test
    void contentLivesOnThreeHoldersIsReadEverywhereAndSurvivesAKill() throws Exception {
        try (LocalCluster c = new LocalCluster(NODES, List.of("--replicas", "3")).start();
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            awaitAlive(c.nodes, NODES);
            Map<UUID, byte[]> blobs = new LinkedHashMap<>();
            Random random = new Random(13);
            for (int i = 0; i < BLOBS; i++) {
                byte[] b = new byte[SIZE];
                random.nextBytes(b);
                blobs.put(new UUID(random.nextLong(), random.nextLong()), b);
            }
            List<Future<?>> puts = new ArrayList<>();
            int n = 0;
            for (Map.Entry<UUID, byte[]> e : blobs.entrySet()) {
                NodeProcess at = c.node(n++ % NODES);
                puts.add(pool.submit(() -> {
                    HttpResponse<byte[]> r = at.sendWrite(HttpRequest.newBuilder(at.uri("/v1/blobs/" + e.getKey()))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(e.getValue())));
                    assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(201);
                    return null;
                }));
            }
            for (Future<?> f : puts) {
                f.get();
            }
            long total = (long) BLOBS * SIZE;
            awaitPlaced(c.nodes, 3 * total);

            // Each node holds about its share, 3/8 of the bytes (each blob's bytes, once per holder).
            for (NodeProcess p : c.nodes) {
                assertThat((double) heldBytes(p)).as("bytes held by %s", p.address())
                        .isBetween(0.75 * 3 * total / NODES, 1.25 * 3 * total / NODES);
            }

            // A node that neither holds nor caches a blob reads it through, then hits. (The writer keeps its hand-off
            // copy as a cache copy, and so may a node that was a holder for a while if a peer was suspected: under
            // load that can be every node for one blob, so take the first blob some node has nothing of.)
            UUID key = null;
            NodeProcess reader = null;
            for (UUID candidate : blobs.keySet()) {
                JsonNode where = JSON.readTree(c.node(0).get("/v1/blobs/" + candidate + "/replicas").body());
                assertThat(where.get("holders")).hasSize(3);
                List<String> having = new ArrayList<>();
                where.get("holders").forEach(h -> having.add(h.get("address").asText()));
                where.get("caches").forEach(h -> having.add(h.get("address").asText()));
                reader = c.nodes.stream().filter(p -> !having.contains(p.address())).findFirst().orElse(null);
                if (reader != null) {
                    key = candidate;
                    break;
                }
            }
            assertThat(reader).as("a node with no copy of some blob").isNotNull();
            double fetches = metric(reader, "gcdn_edge_fetches_total");
            assertThat(reader.get("/v1/blobs/" + key).body()).isEqualTo(blobs.get(key));
            assertThat(metric(reader, "gcdn_edge_fetches_total") - fetches).as("the first read fetched").isEqualTo(1);
            assertThat(reader.get("/v1/blobs/" + key).body()).isEqualTo(blobs.get(key));
            assertThat(metric(reader, "gcdn_edge_fetches_total") - fetches).as("the second read is a hit").isEqualTo(1);

            // kill -9 of the node holding the most: every blob still readable everywhere, then back to 3 copies.
            NodeProcess victim = c.nodes.stream().max((a, b) -> Long.compare(heldQuietly(a), heldQuietly(b))).orElseThrow();
            victim.kill9();
            List<NodeProcess> live = c.nodes.stream().filter(p -> p != victim).toList();
            List<Future<?>> reads = new ArrayList<>();
            for (NodeProcess p : live) {
                reads.add(pool.submit(() -> {
                    for (Map.Entry<UUID, byte[]> e : blobs.entrySet()) {
                        HttpResponse<byte[]> r = p.get("/v1/blobs/" + e.getKey());
                        assertThat(r.statusCode()).as("%s at %s: %s", e.getKey(), p.address(), new String(r.body()))
                                .isEqualTo(200);
                        assertThat(Sha256.of(r.body())).isEqualTo(Sha256.of(e.getValue()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : reads) {
                f.get();
            }
            awaitAlive(live, NODES - 1);
            awaitPlaced(live, 3 * total);
        }
    }

    /** Waits until every node sees {@code alive} members alive (the killed one dead). */
    private static void awaitAlive(List<NodeProcess> nodes, int alive) {
        await("every node sees " + alive + " alive").atMost(SETTLE).pollInterval(Duration.ofMillis(250)).until(() -> {
            for (NodeProcess p : nodes) {
                long seen = 0;
                for (JsonNode m : JSON.readTree(p.get("/v1/cluster/members").body())) {
                    seen += m.get("status").asText().equals("alive") ? 1 : 0;
                }
                if (seen != alive) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits until the nodes hold {@code bytes} in all as holders, none missing content it should hold. */
    private static void awaitPlaced(List<NodeProcess> nodes, long bytes) {
        await("content on its holders, " + bytes + " bytes in all").atMost(SETTLE).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    long held = 0;
                    for (NodeProcess p : nodes) {
                        JsonNode s = JSON.readTree(p.get("/v1/status").body());
                        if (s.get("placement").get("underReplicated").asLong() != 0) {
                            return false;
                        }
                        held += heldBytes(s);
                    }
                    return held == bytes;
                });
    }

    /** Content bytes a node keeps as a holder: all it stores less its cache copies. */
    private static long heldBytes(NodeProcess p) throws IOException {
        return heldBytes(JSON.readTree(p.get("/v1/status").body()));
    }

    private static long heldBytes(JsonNode status) {
        JsonNode disk = status.get("disk");
        return disk.get("contentBytes").asLong() - disk.get("cacheBytes").asLong();
    }

    private static long heldQuietly(NodeProcess p) {
        try {
            return heldBytes(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static double metric(NodeProcess n, String series) throws IOException {
        for (String line : new String(n.get("/metrics").body()).split("\n")) {
            if (line.startsWith(series + " ") || line.startsWith(series + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }
}
