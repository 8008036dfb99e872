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
 * Real dissemination: N node processes on loopback; for each of W writes at a random node, the
 * time from the PUT's acknowledgement until every node serves it (HEAD 200), polled every 2 ms.
 * Prints p50/p99/max as one JSON line. Run by {@code scripts/bench disseminate --nodes N [--writes W] [--profile P]}.
 */
public final class DisseminationBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int n = Integer.parseInt(a.getOrDefault("nodes", "8"));
        int writes = Integer.parseInt(a.getOrDefault("writes", "200"));
        String profile = a.getOrDefault("profile", "default");
        Path dir = Files.createTempDirectory("gcdn-bench-dissem-");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            int first = NodeProcess.freePort();
            for (int i = 0; i < n; i++) {
                List<String> args2 = new ArrayList<>(List.of("--profile", profile, "--bootstrap", "none"));
                if (i > 0) {
                    args2.addAll(List.of("--seed", "127.0.0.1:" + first));
                }
                NodeProcess p = new NodeProcess(i == 0 ? first : NodeProcess.freePort(), dir.resolve("n" + i),
                        List.of("-Xmx256m"), args2);
                nodes.add(p);
                p.start();
            }
            awaitMembers(nodes, n);
            Random random = new Random(1);
            long[] spreadMicros = new long[writes];
            for (int w = 0; w < writes; w++) {
                NodeProcess at = nodes.get(random.nextInt(n));
                byte[] body = new byte[1024];
                random.nextBytes(body);
                UUID key = UUID.randomUUID();
                HttpResponse<byte[]> put = at.sendWrite(HttpRequest.newBuilder(at.uri("/v1/blobs/" + key))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
                long acked = System.nanoTime();
                if (put.statusCode() != 201) {
                    throw new IllegalStateException("PUT answered " + put.statusCode());
                }
                boolean[] holds = new boolean[n];
                int holding = 0;
                while (holding < n) {
                    for (int i = 0; i < n; i++) {
                        if (!holds[i] && nodes.get(i).send(HttpRequest.newBuilder(nodes.get(i).uri("/v1/blobs/" + key))
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode() == 200) {
                            holds[i] = true;
                            holding++;
                        }
                    }
                    if (System.nanoTime() - acked > 30_000_000_000L) {
                        throw new IllegalStateException("write " + w + " not everywhere after 30 s");
                    }
                    Thread.sleep(2);
                }
                spreadMicros[w] = (System.nanoTime() - acked) / 1000;
                Thread.sleep(20 + random.nextInt(30));
            }
            Arrays.sort(spreadMicros);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("nodes", n);
            out.put("writes", writes);
            out.put("profile", profile);
            out.put("p50_ms", spreadMicros[writes / 2] / 1000.0);
            out.put("p99_ms", spreadMicros[Math.min(writes - 1, (int) Math.ceil(writes * 0.99) - 1)] / 1000.0);
            out.put("max_ms", spreadMicros[writes - 1] / 1000.0);
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } finally {
            nodes.forEach(NodeProcess::close);
            Args.deleteTree(dir);
        }
    }

    static void awaitMembers(List<NodeProcess> nodes, int n) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < end) {
            boolean all = true;
            for (NodeProcess p : nodes) {
                JsonNode s = json.readTree(p.get("/v1/status").body());
                all &= s.get("members").asInt() == n;
            }
            if (all) {
                Thread.sleep(2000); // let every node compare its clock with its peers before writes start
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the nodes did not see each other within 2 minutes");
    }
}
