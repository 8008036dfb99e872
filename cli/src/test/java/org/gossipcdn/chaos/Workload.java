package org.gossipcdn.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The workload client and checker, run inside a spare netns host (the root namespace cannot reach
 * the hosts). It waits for a converged network, then for {@code --seconds} writes, overwrites,
 * deletes and reads random keys at random nodes, recording every request (history.jsonl). Then it
 * waits for the orchestrator's "healed" file, lets the network settle, reads every node's final
 * state and prints the checker's figures as one JSON object on its last line.
 *
 * <p>Usage: {@code Workload --nodes a:p,b:p --check-nodes a:p,b:p,c:p --seconds S --dir DIR [--seed X] [--replicas mixed|1]
 * [--tombstone-grace-seconds G]} (G: the nodes' tombstoneGrace, for the checker's model; default 7 days)
 */
public final class Workload {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int KEYS = 16;
    private static final int THREADS = 4;

    private final List<String> nodes;
    private final List<String> checkNodes;
    private final Path dir;
    private final long seed;
    private final boolean mixedReplicas;
    /** The W of every put when not mixed. */
    private final int fixedReplicas;
    private final Duration tombstoneGrace;
    private final List<String> keys = new ArrayList<>();
    private final List<Op> history = Collections.synchronizedList(new ArrayList<>());

    Workload(List<String> nodes, List<String> checkNodes, Path dir, long seed, boolean mixedReplicas, int fixedReplicas,
             Duration tombstoneGrace) {
        this.fixedReplicas = fixedReplicas;
        this.tombstoneGrace = tombstoneGrace;
        this.nodes = nodes;
        this.checkNodes = checkNodes;
        this.dir = dir;
        this.seed = seed;
        this.mixedReplicas = mixedReplicas;
        Random r = new Random(seed);
        for (int i = 0; i < KEYS; i++) {
            keys.add(new UUID(r.nextLong(), r.nextLong()).toString());
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        List<String> nodes = List.of(a.get("nodes").split(","));
        List<String> check = a.containsKey("check-nodes") ? List.of(a.get("check-nodes").split(",")) : nodes;
        Workload w = new Workload(nodes, check, Path.of(a.get("dir")), Long.parseLong(a.getOrDefault("seed", "1")),
                a.getOrDefault("replicas", "1").equals("mixed"),
                a.getOrDefault("replicas", "1").equals("mixed") ? 1 : Integer.parseInt(a.getOrDefault("replicas", "1")),
                Duration.ofSeconds(Long.parseLong(a.getOrDefault("tombstone-grace-seconds", String.valueOf(Duration.ofDays(7).toSeconds())))));
        Map<String, Object> result = w.run(Duration.ofSeconds(Long.parseLong(a.get("seconds"))));
        String line = JSON.writeValueAsString(result);
        Files.writeString(w.dir.resolve("result.json"), line);
        System.out.println(line);
    }

    Map<String, Object> run(Duration writes) throws Exception {
        awaitNetwork(Duration.ofMinutes(3));
        Files.writeString(dir.resolve("ready"), "ready");
        long end = System.currentTimeMillis() + writes.toMillis();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random r = new Random(seed * 31 + t);
            threads.add(Thread.ofPlatform().name("workload-" + t).start(() -> loop(r, end)));
        }
        for (Thread t : threads) {
            t.join();
        }
        writeHistory();
        Files.writeString(dir.resolve("writes-done"), "done");
        long waitUntil = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        while (!Files.exists(dir.resolve("healed")) && System.currentTimeMillis() < waitUntil) {
            Thread.sleep(100);
        }
        long healed = System.currentTimeMillis();
        Double convergence = awaitConvergence(Duration.ofMinutes(3)) ? (System.currentTimeMillis() - healed) / 1000.0 : null;
        Map<String, Map<String, List<Checker.Head>>> finals = new LinkedHashMap<>();
        for (String n : checkNodes) {
            Map<String, List<Checker.Head>> perKey = new HashMap<>();
            for (String k : keys) {
                perKey.put(k, Checker.Head.of(versions(n, k)));
            }
            finals.put(n, perKey);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ops", history.size());
        out.putAll(Checker.check(history, finals, mixedReplicas, Checker.rules(tombstoneGrace), System.currentTimeMillis()));
        out.put("stale_reads", staleReads(finals));
        out.put("convergence_seconds", convergence);
        out.put("failed_requests", history.stream().filter(o -> o.status() == 0 || o.status() >= 500).count());
        long refused = history.stream().filter(o -> o.status() == 503 && o.error() != null && o.error().contains("clock")).count();
        out.put("refused_for_clock", refused);
        history.stream().filter(o -> o.status() == 503 && o.error() != null && o.error().contains("clock")).findFirst()
                .ifPresent(o -> out.put("clock_refusal", o.error()));
        return out;
    }

    private void loop(Random r, long end) {
        while (System.currentTimeMillis() < end) {
            String node = nodes.get(r.nextInt(nodes.size()));
            String key = keys.get(r.nextInt(keys.size()));
            int dice = r.nextInt(10);
            if (dice < 5) {
                byte[] body = new byte[64 + r.nextInt(2000)];
                r.nextBytes(body);
                int replicas = mixedReplicas ? (r.nextBoolean() ? 2 : 1) : fixedReplicas;
                request("put", node, key, replicas, HttpRequest.newBuilder(uri(node, "/v1/blobs/" + key + "?replicas=" + replicas))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
            } else if (dice < 6) {
                request("delete", node, key, 1, HttpRequest.newBuilder(uri(node, "/v1/blobs/" + key)).DELETE());
            } else {
                request("get", node, key, 1, HttpRequest.newBuilder(uri(node, "/v1/blobs/" + key)).GET());
            }
            try {
                Thread.sleep(40);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void request(String type, String node, String key, int replicas, HttpRequest.Builder req) {
        long start = System.currentTimeMillis();
        try {
            HttpResponse<String> r = HTTP.send(req.timeout(Duration.ofSeconds(8)).build(), HttpResponse.BodyHandlers.ofString());
            String detail = r.statusCode() >= 400 ? r.body() : null;
            history.add(new Op(type, key, node, r.statusCode(), r.headers().firstValue("x-gossip-version").orElse(null),
                    r.headers().firstValue("etag").orElse(null), replicas, start, System.currentTimeMillis(), detail));
        } catch (IOException e) {
            history.add(new Op(type, key, node, 0, null, null, replicas, start, System.currentTimeMillis(), e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static URI uri(String node, String path) {
        return URI.create("http://" + node + path);
    }

    private static JsonNode getJson(String node, String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode versions(String node, String key) {
        return getJson(node, "/v1/blobs/" + key + "/versions");
    }

    /** Every workload node up and seeing all of them alive. */
    private void awaitNetwork(Duration max) throws InterruptedException {
        long end = System.currentTimeMillis() + max.toMillis();
        while (System.currentTimeMillis() < end) {
            boolean all = true;
            for (String n : nodes) {
                JsonNode members = getJson(n, "/v1/cluster/members");
                long alive = 0;
                if (members != null) {
                    for (JsonNode m : members) {
                        if (m.get("role").asText().equals("data") && m.get("status").asText().equals("alive")) {
                            alive++;
                        }
                    }
                }
                all &= alive >= nodes.size();
            }
            if (all) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the network did not form within " + max);
    }

    /** Every check node answers, none re-syncing, all with one digest root. */
    private boolean awaitConvergence(Duration max) throws InterruptedException {
        long end = System.currentTimeMillis() + max.toMillis();
        while (System.currentTimeMillis() < end) {
            Set<String> roots = new HashSet<>();
            boolean all = true;
            for (String n : checkNodes) {
                JsonNode s = getJson(n, "/v1/status");
                if (s == null || s.get("resyncing").asBoolean()) {
                    all = false;
                } else {
                    roots.add(s.get("digestRoot").asText());
                }
            }
            if (all && roots.size() == 1) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /**
     * Reads after settle that disagree with the node's converged winner: its bytes must hash to the
     * winner's ETag (so a node that is not a holder must read them through), or 404 for none/deleted.
     */
    private int staleReads(Map<String, Map<String, List<Checker.Head>>> finals) {
        int stale = 0;
        for (String n : checkNodes) {
            for (String k : keys) {
                List<Checker.Head> heads = finals.get(n).get(k);
                boolean live = !heads.isEmpty() && !heads.get(0).tombstone();
                try {
                    HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(uri(n, "/v1/blobs/" + k)).timeout(Duration.ofSeconds(10))
                            .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                    boolean ok = live ? r.statusCode() == 200 && r.headers().firstValue("etag").orElse("").equals(heads.get(0).etag())
                            && heads.get(0).etag().equals("\"" + org.gossipcdn.core.version.Sha256.of(r.body()) + "\"")
                            : r.statusCode() == 404;
                    if (!ok) {
                        stale++;
                    }
                } catch (IOException e) {
                    stale++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return stale;
                }
            }
        }
        return stale;
    }

    private void writeHistory() throws IOException {
        List<String> lines = new ArrayList<>();
        synchronized (history) {
            for (Op op : history) {
                lines.add(JSON.writeValueAsString(op));
            }
        }
        Files.write(dir.resolve("history.jsonl"), lines);
    }
}
