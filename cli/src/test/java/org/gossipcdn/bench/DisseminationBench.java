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
 * Real dissemination: N node processes; for each of W writes at a random node (after
 * {@code --warm-up} writes, default 300, not counted: a node that has run a while has its push path
 * compiled — after 20 writes the 8-node median was twice as high), the time from
 * the PUT's acknowledgement until every node serves it. {@code --observe events} (the default): each
 * node's {@code committed} event on {@code /v1/events} gives the moment it took the write in (with its
 * content, where it is a holder), and then one HEAD at every node must answer 200 (if one does not,
 * it is polled until it does and that moment counts). {@code --observe head}: every node is polled
 * with HEAD every 2 ms (all at once), which on 2 cores is itself a load of thousands of requests a
 * second on the nodes being measured. Before the writes,
 * the idle cost over {@code --idle-seconds} (default 20): CPU of all node processes together (percent
 * of one core) and gossip bytes per second per node (bodies of the gossip calls each node made,
 * {@code gcdn_gossip_call_bytes}). Runs eager push (the tree, proposal 0021) and then the tick-only
 * baseline ({@code --eager-push off}) on fresh nodes in the same run, unless {@code --eager-push on|off}
 * picks one. Prints one JSON line: p50_ms, p99_ms, max_ms, idle_cpu_percent, gossip_bytes_per_s_per_node,
 * and the same with a {@code tick_only_} prefix. Run by
 * {@code scripts/bench disseminate --nodes N [--writes W] [--profile P] [--idle-seconds S] [--eager-push on|off]
 * [--replicas R] [--netns]}; R defaults to N (every node holds every blob); with R < N a read at a
 * node that is not a holder is a read-through from a holder.
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
        int idleSeconds = Integer.parseInt(a.getOrDefault("idle-seconds", "20"));
        basePort = Integer.parseInt(a.getOrDefault("base-port", "0")); // loopback: ports base..base+N-1, else free ones
        replicas = Integer.parseInt(a.getOrDefault("replicas", "0")); // R; 0: R = N, every node holds every blob
        observe = a.getOrDefault("observe", "events");
        warmUp = Integer.parseInt(a.getOrDefault("warm-up", "300"));
        if (!List.of("events", "head").contains(observe)) {
            throw new IllegalArgumentException("--observe must be events or head, was " + observe);
        }
        if (a.containsKey("measure")) { // the client half of --netns, run inside its own host
            List<URI> nodes = Arrays.stream(a.get("measure").split(",")).map(URI::create).toList();
            Map<String, Object> out = measure(nodes, writes, idleSeconds, () -> System.out.println(IDLE_START),
                    () -> System.out.println(IDLE_END));
            System.out.println(new ObjectMapper().writeValueAsString(out));
            return;
        }
        List<String> modes = a.containsKey("eager-push") ? List.of(a.get("eager-push")) : List.of("on", "off");
        Map<String, Object> out = new LinkedHashMap<>();
        for (String mode : modes) {
            Map<String, Object> run = a.containsKey("netns") ? onNetns(n, writes, profile, mode, idleSeconds)
                    : onLoopback(n, writes, profile, mode, idleSeconds);
            String prefix = mode.equals("off") ? "tick_only_" : "";
            run.forEach((k, v) -> {
                if (List.of("nodes", "writes", "hosts").contains(k)) {
                    out.put(k, v);
                } else {
                    out.put(prefix + k, v);
                }
            });
        }
        out.put("profile", profile);
        out.put("observe", observe);
        out.put("warm_up_writes", warmUp);
        out.put("idle_seconds", idleSeconds);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }

    private static int basePort;
    /** R given to the nodes; 0 means N (full replication: a write is readable everywhere once it is stored everywhere). */
    private static int replicas;
    /** How a node's taking a write is observed: its committed event (then checked by HEAD), or HEAD polling. */
    private static String observe = "events";
    private static int warmUp = 300;
    private static final String IDLE_START = "bench: idle window starts";
    private static final String IDLE_END = "bench: idle window ends";

    /** CPU time used so far by these processes and their children (a netns host's java runs under a wrapper). */
    private static long cpuNanos(List<ProcessHandle> processes) {
        long total = 0;
        for (ProcessHandle p : processes) {
            total += p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            total += p.descendants().mapToLong(d -> d.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        }
        return total;
    }

    /** Samples CPU of {@code processes} between the two callbacks; the result is percent of one core. */
    private static final class CpuWindow {
        private final List<ProcessHandle> processes;
        private long cpu0;
        private long wall0;
        double percent = Double.NaN;

        CpuWindow(List<ProcessHandle> processes) {
            this.processes = processes;
        }

        void start() {
            cpu0 = cpuNanos(processes);
            wall0 = System.nanoTime();
        }

        void end() {
            percent = 100.0 * (cpuNanos(processes) - cpu0) / (System.nanoTime() - wall0);
        }
    }

    private static Map<String, Object> onLoopback(int n, int writes, String profile, String eagerPush, int idleSeconds)
            throws Exception {
        Path dir = Files.createTempDirectory("gcdn-bench-dissem-");
        List<NodeProcess> nodes = new ArrayList<>();
        try {
            int first = basePort > 0 ? basePort : NodeProcess.freePort();
            for (int i = 0; i < n; i++) {
                List<String> args = new ArrayList<>(List.of("--profile", profile, "--bootstrap", "none",
                        "--eager-push", eagerPush, "--replicas", String.valueOf(replicas > 0 ? replicas : n)));
                if (i > 0) {
                    args.addAll(List.of("--seed", "127.0.0.1:" + first));
                }
                NodeProcess p = new NodeProcess(i == 0 ? first : basePort > 0 ? basePort + i : NodeProcess.freePort(),
                        dir.resolve("n" + i),
                        List.of("-Xmx256m"), args);
                nodes.add(p);
                p.start();
            }
            CpuWindow cpu = new CpuWindow(nodes.stream().map(p -> ProcessHandle.of(p.pid()).orElseThrow()).toList());
            Map<String, Object> out = measure(nodes.stream().map(p -> p.uri("")).toList(), writes, idleSeconds,
                    cpu::start, cpu::end);
            out.put("idle_cpu_percent", cpu.percent);
            out.put("hosts", "loopback");
            out.put("replicas", replicas > 0 ? replicas : n);
            return out;
        } finally {
            nodes.forEach(NodeProcess::close);
            Args.deleteTree(dir);
        }
    }

    /** Hosts 1..n run the nodes, host n+1 runs {@link #measure} in a child JVM; everything is torn down after. */
    private static Map<String, Object> onNetns(int n, int writes, String profile, String eagerPush, int idleSeconds)
            throws Exception {
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
                        "--bootstrap", "none", "--profile", profile, "--cluster-key", NodeProcess.TEST_CLUSTER_KEY,
                        "--eager-push", eagerPush, "--replicas", String.valueOf(replicas > 0 ? replicas : n)));
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
            CpuWindow cpu = new CpuWindow(started.stream().map(Process::toHandle).toList());
            Process client = net.start(n + 1, List.of(java, "-Xmx256m", "-cp", classpath, DisseminationBench.class.getName(),
                    "--measure", urls, "--writes", String.valueOf(writes), "--profile", profile,
                    "--idle-seconds", String.valueOf(idleSeconds), "--observe", observe, "--warm-up",
                    String.valueOf(warmUp)), log);
            started.add(client);
            awaitLine(log, IDLE_START, client);
            cpu.start();
            awaitLine(log, IDLE_END, client);
            cpu.end();
            if (!client.waitFor(20, TimeUnit.MINUTES) || client.exitValue() != 0) {
                throw new IllegalStateException("the measuring client failed: " + Files.readString(log));
            }
            List<String> lines = Files.readAllLines(log);
            @SuppressWarnings("unchecked")
            Map<String, Object> out = new ObjectMapper().readValue(lines.get(lines.size() - 1), LinkedHashMap.class);
            out.put("idle_cpu_percent", cpu.percent);
            out.put("hosts", "netns");
            return out;
        } finally {
            started.forEach(Process::destroyForcibly);
            net.down();
            Args.deleteTree(dir);
        }
    }

    /** Waits until the client's log has {@code line}; fails if the client ended first. */
    private static void awaitLine(Path log, String line, Process client) throws Exception {
        while (!Files.exists(log) || !Files.readAllLines(log).contains(line)) {
            if (!client.isAlive()) {
                throw new IllegalStateException("the measuring client ended early: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits for the nodes to see each other, measures the idle window (gossip bytes; the caller
     * samples CPU between the callbacks), then times W writes from acknowledgement to everywhere.
     */
    static Map<String, Object> measure(List<URI> nodes, int writes, int idleSeconds, Runnable idleStart, Runnable idleEnd)
            throws Exception {
        int n = nodes.size();
        awaitMembers(nodes);
        long bytes0 = gossipCallBytes(nodes);
        long wall0 = System.nanoTime();
        idleStart.run();
        Thread.sleep(idleSeconds * 1000L);
        idleEnd.run();
        double idleBytesPerSecondPerNode = (gossipCallBytes(nodes) - bytes0) / ((System.nanoTime() - wall0) / 1e9) / n;
        Random random = new Random(1);
        long[] spreadMicros = new long[writes];
        int lateHeads = 0;
        try (CommitWatch watch = observe.equals("events") ? new CommitWatch(nodes) : null) {
            for (int w = -warmUp; w < writes; w++) {
                URI at = nodes.get(random.nextInt(n));
                byte[] body = new byte[1024];
                random.nextBytes(body);
                UUID key = UUID.randomUUID();
                if (watch != null) {
                    watch.expect(key);
                }
                HttpResponse<Void> put = write(at.resolve("/v1/blobs/" + key), body);
                long acked = System.nanoTime();
                if (put.statusCode() != 201) {
                    throw new IllegalStateException("PUT answered " + put.statusCode());
                }
                long[] heldAt = new long[n];
                if (watch != null) {
                    long[] committed = watch.await(key, Duration.ofSeconds(30));
                    // the events say each node took it in; every node must also serve it now, or be polled until it does
                    long[] checked = pollUntilServed(nodes, key, acked, new long[n], true);
                    for (int i = 0; i < n; i++) {
                        boolean servedAtOnce = checked[i] == 0;
                        heldAt[i] = servedAtOnce ? committed[i] : checked[i];
                        lateHeads += servedAtOnce ? 0 : 1;
                    }
                } else {
                    heldAt = pollUntilServed(nodes, key, acked, heldAt, false);
                }
                if (w >= 0) {
                    long last = Arrays.stream(heldAt).max().orElseThrow();
                    spreadMicros[w] = Math.max(0, last - acked) / 1000;
                }
                Thread.sleep(20 + random.nextInt(30));
            }
        }
        Arrays.sort(spreadMicros);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nodes", n);
        out.put("writes", writes);
        out.put("p50_ms", spreadMicros[writes / 2] / 1000.0);
        out.put("p99_ms", spreadMicros[Math.min(writes - 1, (int) Math.ceil(writes * 0.99) - 1)] / 1000.0);
        out.put("max_ms", spreadMicros[writes - 1] / 1000.0);
        out.put("gossip_bytes_per_s_per_node", Math.round(idleBytesPerSecondPerNode));
        if (observe.equals("events")) {
            out.put("late_heads", lateHeads); // nodes whose HEAD was not yet 200 when their event had come
        }
        return out;
    }

    /**
     * Polls HEAD at every node whose entry in {@code heldAt} is 0, all at once, every 2 ms, until each
     * answers 200; fills in when. With {@code once}, a node that answers 200 on the first round keeps
     * 0 (served as soon as asked). Fails after 30 s.
     */
    private static long[] pollUntilServed(List<URI> nodes, UUID key, long acked, long[] heldAt, boolean once)
            throws InterruptedException {
        int n = nodes.size();
        boolean[] served = new boolean[n];
        for (int round = 0; ; round++) {
            List<java.util.concurrent.CompletableFuture<Void>> polls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!served[i] && heldAt[i] == 0) {
                    int node = i;
                    boolean first = round == 0;
                    polls.add(HTTP.sendAsync(HttpRequest.newBuilder(nodes.get(i).resolve("/v1/blobs/" + key))
                                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                            HttpResponse.BodyHandlers.discarding()).thenAccept(r -> {
                                if (r.statusCode() == 200) {
                                    served[node] = true;
                                    if (!(once && first)) {
                                        heldAt[node] = System.nanoTime();
                                    }
                                }
                            }));
                }
            }
            if (polls.isEmpty()) {
                return heldAt;
            }
            java.util.concurrent.CompletableFuture.allOf(polls.toArray(java.util.concurrent.CompletableFuture[]::new)).join();
            if (System.nanoTime() - acked > 30_000_000_000L) {
                throw new IllegalStateException("write of " + key + " not served everywhere after 30 s");
            }
            Thread.sleep(2);
        }
    }

    /**
     * Follows every node's {@code /v1/events} and notes when each node's {@code committed} event for
     * an expected key arrives (System.nanoTime, on the stream's thread).
     */
    private static final class CommitWatch implements AutoCloseable {
        private final List<URI> nodes;
        private final Map<UUID, long[]> seen = new java.util.concurrent.ConcurrentHashMap<>();
        private final List<java.io.InputStream> streams = new java.util.concurrent.CopyOnWriteArrayList<>();

        CommitWatch(List<URI> nodes) throws InterruptedException {
            this.nodes = nodes;
            ObjectMapper json = new ObjectMapper();
            java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                int node = i;
                Thread reader = new Thread(() -> {
                    try {
                        java.io.InputStream in = HTTP.send(HttpRequest.newBuilder(nodes.get(node).resolve("/v1/events"))
                                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream()).body();
                        streams.add(in);
                        open.countDown();
                        java.io.BufferedReader lines = new java.io.BufferedReader(
                                new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
                        for (String line; (line = lines.readLine()) != null; ) {
                            if (line.startsWith("data:")) {
                                noted(node, json.readTree(line.substring(5)), System.nanoTime());
                            }
                        }
                    } catch (java.io.IOException | InterruptedException | RuntimeException e) {
                        // the stream was closed (the run is over) or the node went away
                    }
                }, "events-" + i);
                reader.setDaemon(true);
                reader.start();
            }
            if (!open.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("could not open every node's /v1/events");
            }
        }

        private void noted(int node, com.fasterxml.jackson.databind.JsonNode event, long now) {
            if (!event.path("type").asText().equals("committed") || !event.hasNonNull("key")) {
                return;
            }
            long[] at = seen.get(UUID.fromString(event.get("key").asText()));
            if (at != null) {
                synchronized (at) {
                    if (at[node] == 0) {
                        at[node] = now;
                        at.notifyAll();
                    }
                }
            }
        }

        void expect(UUID key) {
            seen.put(key, new long[nodes.size()]);
        }

        /** When each node's committed event for {@code key} came; fails if one has not within {@code timeout}. */
        long[] await(UUID key, Duration timeout) throws InterruptedException {
            long[] at = seen.get(key);
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (at) {
                while (Arrays.stream(at).anyMatch(t -> t == 0)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("no committed event for " + key + " from every node within " + timeout);
                    }
                    at.wait(Math.max(1, left / 1_000_000));
                }
                seen.remove(key);
                return at.clone();
            }
        }

        @Override
        public void close() {
            for (java.io.InputStream in : streams) {
                try {
                    in.close();
                } catch (java.io.IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** The sum over the nodes of {@code gcdn_gossip_call_bytes} from their /metrics. */
    private static long gossipCallBytes(List<URI> nodes) throws Exception {
        long total = 0;
        for (URI node : nodes) {
            String text = HTTP.send(HttpRequest.newBuilder(node.resolve("/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                if (line.startsWith("gcdn_gossip_call_bytes")) {
                    total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return total;
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
