package org.gossipcdn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.gossipcdn.chaos.NetnsCluster;
import org.gossipcdn.node.NodeProcess;

/**
 * Real dissemination: N node processes; for each of W writes at a random node, the time from the
 * PUT's acknowledgement until every node serves it (HEAD 200), polled every 2 ms. Prints p50/p99/max
 * as one JSON line. Run by {@code scripts/bench disseminate --nodes N [--writes W] [--profile P] [--netns]}.
 *
 * <p>By default the nodes share loopback. With {@code --netns} (root, {@code netns-cluster} present)
 * each node runs on its own host 10.77.0.i made by the shared tool, and the measuring client runs on
 * one more host, so every gossip message crosses a real (virtual) link and its kernel queues.
 */
public final class DisseminationBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final int NETNS_PORT = 7001;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int n = Integer.parseInt(a.getOrDefault("nodes", "8"));
        int writes = Integer.parseInt(a.getOrDefault("writes", "200"));
        String profile = a.getOrDefault("profile", "default");
        Map<String, Object> out;
        if (a.containsKey("measure")) { // the client half of --netns, run inside its own host
            List<URI> nodes = Arrays.stream(a.get("measure").split(",")).map(URI::create).toList();
            out = measure(nodes, writes);
        } else if (a.containsKey("netns")) {
            out = onNetns(n, writes, profile);
        } else {
            out = onLoopback(n, writes, profile);
        }
        out.put("profile", profile);
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }

    private static Map<String, Object> onLoopback(int n, int writes, String profile) throws Exception {
        Path dir = Files.createTempDirectory("gcdn-bench-dissem-");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            int first = NodeProcess.freePort();
            for (int i = 0; i < n; i++) {
                List<String> args = new ArrayList<>(List.of("--profile", profile, "--bootstrap", "none"));
                if (i > 0) {
                    args.addAll(List.of("--seed", "127.0.0.1:" + first));
                }
                NodeProcess p = new NodeProcess(i == 0 ? first : NodeProcess.freePort(), dir.resolve("n" + i),
                        List.of("-Xmx256m"), args);
                nodes.add(p);
                p.start();
            }
            Map<String, Object> out = measure(nodes.stream().map(p -> p.uri("")).toList(), writes);
            out.put("hosts", "loopback");
            return out;
        } finally {
            nodes.forEach(NodeProcess::close);
            Args.deleteTree(dir);
        }
    }

    /** Hosts 1..n run the nodes, host n+1 runs {@link #measure} in a child JVM; everything is torn down after. */
    private static Map<String, Object> onNetns(int n, int writes, String profile) throws Exception {
        Path home = Path.of(System.getProperty("gcdn.home", ".")).toAbsolutePath().normalize();
        Path script = NetnsCluster.locate(home);
        if (!NetnsCluster.usable(script)) {
            throw new IllegalStateException("--netns needs root and a working " + script + " (see its 'check')");
        }
        NetnsCluster net = new NetnsCluster(script);
        Path dir = Files.createTempDirectory("gcdn-bench-dissem-netns-");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> started = new ArrayList<>();
        try {
            net.up(n + 1);
            for (int h = 1; h <= n; h++) {
                List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", NodeProcess.jar().toString(),
                        "--port", String.valueOf(NETNS_PORT), "--bind", NetnsCluster.ip(h), "--advertise",
                        NetnsCluster.ip(h) + ":" + NETNS_PORT, "--data-dir", dir.resolve("h" + h).toString(),
                        "--bootstrap", "none", "--profile", profile, "--cluster-key", NodeProcess.TEST_CLUSTER_KEY));
                if (h > 1) {
                    cmd.addAll(List.of("--seed", NetnsCluster.ip(1) + ":" + NETNS_PORT));
                }
                started.add(net.start(h, cmd, dir.resolve("h" + h + ".log")));
            }
            String urls = IntStream.rangeClosed(1, n)
                    .mapToObj(h -> "http://" + NetnsCluster.ip(h) + ":" + NETNS_PORT).collect(Collectors.joining(","));
            String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
            Path log = dir.resolve("client.log");
            Process client = net.start(n + 1, List.of(java, "-Xmx256m", "-cp", classpath, DisseminationBench.class.getName(),
                    "--measure", urls, "--writes", String.valueOf(writes), "--profile", profile), log);
            started.add(client);
            if (!client.waitFor(20, TimeUnit.MINUTES) || client.exitValue() != 0) {
                throw new IllegalStateException("the measuring client failed: " + Files.readString(log));
            }
            List<String> lines = Files.readAllLines(log);
            @SuppressWarnings("unchecked")
            Map<String, Object> out = new ObjectMapper().readValue(lines.get(lines.size() - 1), LinkedHashMap.class);
            out.put("hosts", "netns");
            return out;
        } finally {
            started.forEach(Process::destroyForcibly);
            net.down();
            Args.deleteTree(dir);
        }
    }

    /** Waits for the nodes to see each other, then times W writes from acknowledgement to everywhere. */
    static Map<String, Object> measure(List<URI> nodes, int writes) throws Exception {
        int n = nodes.size();
        awaitMembers(nodes);
        Random random = new Random(1);
        long[] spreadMicros = new long[writes];
        for (int w = 0; w < writes; w++) {
            URI at = nodes.get(random.nextInt(n));
            byte[] body = new byte[1024];
            random.nextBytes(body);
            UUID key = UUID.randomUUID();
            HttpResponse<Void> put = write(at.resolve("/v1/blobs/" + key), body);
            long acked = System.nanoTime();
            if (put.statusCode() != 201) {
                throw new IllegalStateException("PUT answered " + put.statusCode());
            }
            boolean[] holds = new boolean[n];
            int holding = 0;
            while (holding < n) {
                for (int i = 0; i < n; i++) {
                    if (!holds[i] && send(HttpRequest.newBuilder(nodes.get(i).resolve("/v1/blobs/" + key))
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
        out.put("p50_ms", spreadMicros[writes / 2] / 1000.0);
        out.put("p99_ms", spreadMicros[Math.min(writes - 1, (int) Math.ceil(writes * 0.99) - 1)] / 1000.0);
        out.put("max_ms", spreadMicros[writes - 1] / 1000.0);
        return out;
    }

    /** A PUT, retried while the node answers 503 with Retry-After (it just started and checks its clock). */
    private static HttpResponse<Void> write(URI uri, byte[] body) throws Exception {
        HttpResponse<Void> r = send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        for (int i = 0; i < 10 && r.statusCode() == 503 && r.headers().firstValue("retry-after").isPresent(); i++) {
            Thread.sleep(500);
            r = send(HttpRequest.newBuilder(uri).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        }
        return r;
    }

    private static HttpResponse<Void> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
    }

    static void awaitMembers(List<URI> nodes) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < end) {
            boolean all = true;
            for (URI node : nodes) {
                try {
                    HttpResponse<String> s = HTTP.send(HttpRequest.newBuilder(node.resolve("/v1/status"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    JsonNode status = json.readTree(s.body());
                    all &= status.get("members").asInt() == nodes.size();
                } catch (java.io.IOException e) {
                    all = false; // not listening yet
                }
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
