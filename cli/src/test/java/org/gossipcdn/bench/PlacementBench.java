package org.gossipcdn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.gossipcdn.node.NodeProcess;

/**
 * Placement on real processes (issue 13): N nodes, R = 3, B blobs of 1 KiB written at every node in
 * turn. Reports content bytes per node against the ideal R · bytes / N, read-through latency at
 * non-holders for 1 KiB and 1 MiB blobs (first read: a miss that fetches from a holder; second
 * read: a hit), and the bytes moved when one more node joins against the ideal R · bytes / (N + 1).
 * Run by {@code scripts/bench placement [--nodes 8] [--blobs 500] [--samples 40]}.
 */
public final class PlacementBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int R = 3;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int n = Integer.parseInt(a.getOrDefault("nodes", "8"));
        int blobs = Integer.parseInt(a.getOrDefault("blobs", "500"));
        int samples = Integer.parseInt(a.getOrDefault("samples", "40"));
        Path dir = Files.createTempDirectory("gcdn-bench-placement-");
        List<NodeProcess> nodes = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            int first = NodeProcess.freePort();
            for (int i = 0; i <= n; i++) { // the last one joins later
                List<String> args2 = new ArrayList<>(List.of("--bootstrap", "none", "--replicas", String.valueOf(R)));
                if (i > 0) {
                    args2.addAll(List.of("--seed", "127.0.0.1:" + first));
                }
                nodes.add(new NodeProcess(i == 0 ? first : NodeProcess.freePort(), dir.resolve("n" + i), List.of("-Xmx256m"), args2));
            }
            List<NodeProcess> running = new ArrayList<>(nodes.subList(0, n));
            for (NodeProcess p : running) {
                p.start();
            }
            awaitAlive(running, n);
            Random random = new Random(1);
            long total = 0;
            for (int i = 0; i < blobs; i++) {
                byte[] body = new byte[1024];
                random.nextBytes(body);
                put(running.get(i % n), new UUID(random.nextLong(), random.nextLong()), body);
                total += body.length;
            }
            awaitPlaced(running, R * total);
            long[] held = running.stream().mapToLong(PlacementBench::held).toArray();
            double ideal = (double) R * total / n;
            out.put("nodes", n);
            out.put("replicas", R);
            out.put("blobs", blobs);
            out.put("content_bytes", total);
            out.put("held_bytes_per_node", held);
            out.put("held_min_vs_ideal", round(Arrays.stream(held).min().orElse(0) / ideal));
            out.put("held_max_vs_ideal", round(Arrays.stream(held).max().orElse(0) / ideal));

            for (int size : new int[] {1024, 1 << 20}) {
                List<Double> miss = new ArrayList<>();
                List<Double> hit = new ArrayList<>();
                for (int s = 0; s < samples; s++) {
                    byte[] body = new byte[size];
                    random.nextBytes(body);
                    UUID key = new UUID(random.nextLong(), random.nextLong());
                    put(running.get(s % n), key, body, "?replicas=" + R);
                    total += size;
                    NodeProcess reader = nonHolder(running, key);
                    awaitRecord(reader, key);
                    miss.add(timedGet(reader, key, body));
                    hit.add(timedGet(reader, key, body));
                }
                String label = size == 1024 ? "1KiB" : "1MiB";
                out.put("miss_" + label + "_p50_ms", percentile(miss, 50));
                out.put("miss_" + label + "_p99_ms", percentile(miss, 99));
                out.put("hit_" + label + "_p50_ms", percentile(hit, 50));
                out.put("hit_" + label + "_p99_ms", percentile(hit, 99));
            }

            // One more node joins: how many bytes move?
            long fetchedBefore = running.stream().mapToLong(PlacementBench::fetched).sum();
            // Every blob on exactly R holders first (the writers' hand-off copies released), then one more node joins.
            awaitPlaced(running, R * total);
            long before = R * total;
            NodeProcess joiner = nodes.get(n);
            joiner.start();
            running.add(joiner);
            awaitAlive(running, n + 1);
            awaitPlaced(running, before);
            long moved = running.stream().mapToLong(PlacementBench::fetched).sum() - fetchedBefore;
            double idealMoved = (double) before / (n + 1);
            out.put("join_bytes_moved", moved);
            out.put("join_ideal_bytes", Math.round(idealMoved));
            out.put("join_moved_vs_ideal", round(moved / idealMoved));
            System.out.println(JSON.writeValueAsString(out));
        } finally {
            nodes.forEach(NodeProcess::close);
            Args.deleteTree(dir);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void put(NodeProcess at, UUID key, byte[] body) throws Exception {
        put(at, key, body, "");
    }

    private static void put(NodeProcess at, UUID key, byte[] body, String query) throws Exception {
        HttpResponse<byte[]> r = at.sendWrite(HttpRequest.newBuilder(at.uri("/v1/blobs/" + key + query))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("PUT " + key + " at " + at.address() + ": " + r.statusCode() + " " + new String(r.body()));
        }
    }

    private static double timedGet(NodeProcess at, UUID key, byte[] body) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = at.get("/v1/blobs/" + key);
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200 || !Arrays.equals(r.body(), body)) {
            throw new IllegalStateException("GET " + key + " at " + at.address() + ": " + r.statusCode());
        }
        return ms;
    }

    private static NodeProcess nonHolder(List<NodeProcess> nodes, UUID key) throws Exception {
        awaitRecord(nodes.get(0), key);
        JsonNode where = JSON.readTree(nodes.get(0).get("/v1/blobs/" + key + "/replicas").body());
        List<String> holders = new ArrayList<>();
        where.get("holders").forEach(h -> holders.add(h.get("address").asText()));
        return nodes.stream().filter(p -> !holders.contains(p.address())).findFirst().orElseThrow();
    }

    private static void awaitRecord(NodeProcess n, UUID key) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (n.get("/v1/blobs/" + key + "/versions").statusCode() != 200) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the record of " + key + " did not reach " + n.address());
            }
            Thread.sleep(5);
        }
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return round(sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))));
    }

    private static JsonNode status(NodeProcess p) {
        try {
            return JSON.readTree(p.get("/v1/status").body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long held(NodeProcess p) {
        JsonNode disk = status(p).get("disk");
        return disk.get("contentBytes").asLong() - disk.get("cacheBytes").asLong();
    }

    private static long fetched(NodeProcess p) {
        return status(p).get("placement").get("bytesFetched").asLong();
    }

    private static void awaitAlive(List<NodeProcess> nodes, int alive) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            boolean all = true;
            for (NodeProcess p : nodes) {
                long seen = 0;
                for (JsonNode m : JSON.readTree(p.get("/v1/cluster/members").body())) {
                    seen += m.get("status").asText().equals("alive") ? 1 : 0;
                }
                all &= seen == alive;
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("members did not settle");
            }
            Thread.sleep(200);
        }
    }

    private static void awaitPlaced(List<NodeProcess> nodes, long bytes) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (true) {
            long held = 0;
            boolean complete = true;
            for (NodeProcess p : nodes) {
                JsonNode s = status(p);
                complete &= s.get("placement").get("underReplicated").asLong() == 0;
                held += s.get("disk").get("contentBytes").asLong() - s.get("disk").get("cacheBytes").asLong();
            }
            if (complete && held == bytes) {
                return;
            }
            if (System.nanoTime() > end) {
                StringBuilder detail = new StringBuilder();
                for (NodeProcess p : nodes) {
                    JsonNode s = status(p);
                    detail.append("\n  ").append(p.address()).append(" disk=").append(s.get("disk")).append(" placement=")
                            .append(s.get("placement"));
                }
                throw new IllegalStateException("placement did not settle: " + held + " of " + bytes + " bytes held" + detail);
            }
            Thread.sleep(500);
        }
    }
}
