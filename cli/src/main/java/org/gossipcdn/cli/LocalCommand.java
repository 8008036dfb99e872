package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gcdn local up|down|start|stop|restart|demo}: a whole network on this machine's loopback. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Runs a local network on loopback: a bootstrap on the base port and N nodes after it.",
        subcommands = {LocalCommand.Up.class, LocalCommand.Down.class, LocalCommand.Start.class, LocalCommand.Stop.class,
                LocalCommand.Restart.class, LocalCommand.Demo.class})
final class LocalCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        throw CliException.usage("say 'gcdn local up', 'down', 'start NODE', 'stop NODE', 'restart NODE' or 'demo'");
    }

    static final class Where {
        @Option(names = "--dir", paramLabel = "DIR",
                description = "folder for the network's data, logs and pids (default $GCDN_LOCAL_DIR, else .gcdn/local in the project)")
        Path dir;

        Path dir() {
            return dir != null ? dir.toAbsolutePath() : LocalNetwork.defaultDir();
        }
    }

    /** How many nodes, and from which port: the bootstrap on P, node i on P+i. */
    static final class Shape {
        @Option(names = "--nodes", defaultValue = "3", description = "number of nodes (default ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--base-port", defaultValue = "7000", description = "the bootstrap's port; node i gets P+i (default ${DEFAULT-VALUE})")
        int basePort;

        @Option(names = "--replicas", paramLabel = "R", defaultValue = "3",
                description = "how many nodes hold each blob's content (default ${DEFAULT-VALUE}; >= --nodes: every node holds everything)")
        int replicas;
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = "Starts a bootstrap (port P) and N nodes (ports P+1..P+N), waits until they converge.")
    static final class Up implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @picocli.CommandLine.Mixin
        Shape shape = new Shape();

        @Override
        public Integer call() throws IOException, InterruptedException {
            return up(where.dir(), shape.nodes, shape.basePort, shape.replicas) ? 0 : 1;
        }
    }

    /** Where 'local up' notes the network's R, for nodes started again later. */
    static final String REPLICAS_FILE = "replicas";

    static boolean up(Path dir, int nodes, int basePort, int replicas) throws IOException, InterruptedException {
        if (nodes < 1 || nodes > 64) {
            throw CliException.usage("--nodes must be 1..64, was " + nodes);
        }
        if (replicas < 1) {
            throw CliException.usage("--replicas must be >= 1, was " + replicas);
        }
        if (basePort < 1024 || basePort + nodes > 65535) {
            throw CliException.usage("--base-port must leave room for the nodes within 1024..65535, was " + basePort);
        }
        List<LocalNetwork.Proc> running = LocalNetwork.read(dir).stream().filter(p -> !LocalNetwork.pids(p).isEmpty()).toList();
        if (!running.isEmpty()) {
            throw CliException.failed("a local network is already running from " + dir + " (./gcdn local down first)");
        }
        for (int i = 0; i <= nodes; i++) {
            LocalNetwork.requireFree(basePort + i);
        }
        String key = LocalNetwork.clusterKey(dir);
        List<LocalNetwork.Proc> procs = new ArrayList<>();
        String bootstrap = "127.0.0.1:" + basePort;
        procs.add(LocalNetwork.start("bootstrap", basePort, dir.resolve("bootstrap"), List.of(), key));
        for (int i = 1; i <= nodes; i++) {
            procs.add(LocalNetwork.start("node", basePort + i, dir.resolve("node-" + i),
                    List.of("--bootstrap", bootstrap, "--advertise", "127.0.0.1:" + (basePort + i),
                            "--replicas", String.valueOf(replicas)), key));
        }
        LocalNetwork.write(dir, procs);
        java.nio.file.Files.writeString(dir.resolve(REPLICAS_FILE), replicas + "\n"); // 'local start' starts a node alike
        System.err.printf("started a bootstrap and %d nodes (cluster key in %s, mode 0600); waiting until they see each other ...%n",
                nodes, LocalNetwork.keyFile(dir));
        boolean converged = awaitConverged(procs, nodes, Duration.ofSeconds(90));
        for (LocalNetwork.Proc p : procs) {
            System.out.printf("%-9s http://%s   pid %-7d log %s%n", p.name(), p.address(), p.pid(), p.log());
        }
        if (!converged) {
            System.err.println("gcdn: the network did not converge within 90 s; see the logs above");
            return false;
        }
        System.out.println("converged. Try: ./gcdn put FILE   ./gcdn get KEY --node 127.0.0.1:" + (basePort + nodes)
                + "   ./gcdn status   ./gcdn local restart 2   ./gcdn local down"
                + (dir.equals(LocalNetwork.defaultDir()) ? "" : "   (other commands find this network with --dir " + dir
                        + " or " + LocalNetwork.DIR_ENV + "=" + dir + ")"));
        return true;
    }

    /** Every node up, seeing all nodes plus the bootstrap, with equal digest roots. */
    static boolean awaitConverged(List<LocalNetwork.Proc> procs, int nodes, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < end) {
            Set<String> roots = new HashSet<>();
            boolean all = true;
            for (LocalNetwork.Proc p : procs) {
                if (LocalNetwork.pids(p).isEmpty()) {
                    throw CliException.failed(p.name() + " on port " + p.port() + " exited; see " + p.log());
                }
                if (!p.role().equals("node")) {
                    continue;
                }
                try {
                    JsonNode s = new NodeClient(p.address()).getJson("/v1/status");
                    all &= s.get("members").asInt() == nodes + 1;
                    roots.add(s.get("digestRoot").asText());
                } catch (CliException e) {
                    all = false;
                }
            }
            if (all && roots.size() == 1) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stops every process of the network: those 'local up' started and any serving one of its data dirs "
                    + "(found by the gcdn.pid file each node writes), however it was started.")
    static final class Down implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @Option(names = "--wipe", description = "also delete the network's data, logs and cluster key")
        boolean wipe;

        @Override
        public Integer call() throws IOException {
            Path dir = where.dir();
            List<LocalNetwork.Proc> procs = LocalNetwork.read(dir);
            if (procs.isEmpty()) {
                System.err.println("no local network recorded in " + dir);
            }
            List<LocalNetwork.Proc> all = new ArrayList<>(procs);
            if (Files.isDirectory(dir)) { // data dirs of the network that network.json does not (or no longer) name
                try (Stream<Path> dirs = Files.list(dir)) {
                    dirs.filter(d -> Files.isRegularFile(d.resolve("gcdn.pid")))
                            .filter(d -> procs.stream().noneMatch(p -> p.dataDir().equals(d)))
                            .forEach(d -> all.add(new LocalNetwork.Proc(d.getFileName().toString().startsWith("node-") ? "node"
                                    : "bootstrap", 0, -1, d, d.resolveSibling(d.getFileName() + ".log"))));
                }
            }
            all.parallelStream().forEach(p -> {
                java.util.Set<Long> stopped = LocalNetwork.stop(p);
                if (!stopped.isEmpty()) {
                    System.out.printf("stopped %s (%s, pid %s)%n", p.name(), p.dataDir(), stopped);
                }
            });
            Files.deleteIfExists(LocalNetwork.stateFile(dir));
            if (wipe && Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
                System.out.println("wiped " + dir);
            }
            return 0;
        }
    }

    /** Which node: the number {@code local up} prints. */
    static final class Which {
        @picocli.CommandLine.Parameters(paramLabel = "NODE", description = "the node's number, as 'gcdn local up' prints it (node 1, node 2, ...)")
        int number;
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stops one node of the local network (SIGTERM: it leaves the network gracefully), however it was started.")
    static final class Stop implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @picocli.CommandLine.Mixin
        Which which = new Which();

        @Override
        public Integer call() {
            LocalNetwork.Proc p = LocalNetwork.node(where.dir(), which.number);
            java.util.Set<Long> stopped = LocalNetwork.stop(p);
            System.out.println(stopped.isEmpty() ? p.name() + " was not running" : "stopped " + p.name() + " (pid " + stopped + ")");
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Starts one stopped node of the local network again, with its data, and waits until the network converges.")
    static final class Start implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @picocli.CommandLine.Mixin
        Which which = new Which();

        @Override
        public Integer call() throws IOException, InterruptedException {
            return start(where.dir(), which.number) ? 0 : 1;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Stops one node of the local network, starts it again with its data, and waits until the network converges.")
    static final class Restart implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @picocli.CommandLine.Mixin
        Which which = new Which();

        @Override
        public Integer call() throws IOException, InterruptedException {
            LocalNetwork.Proc p = LocalNetwork.node(where.dir(), which.number);
            java.util.Set<Long> stopped = LocalNetwork.stop(p);
            if (!stopped.isEmpty()) {
                System.out.println("stopped " + p.name() + " (pid " + stopped + ")");
            }
            return start(where.dir(), which.number) ? 0 : 1;
        }
    }

    /** Starts node {@code number} as {@code up} did, records its pid, waits for convergence. */
    static boolean start(Path dir, int number) throws IOException, InterruptedException {
        LocalNetwork.Proc p = LocalNetwork.node(dir, number);
        java.util.Set<Long> running = LocalNetwork.pids(p);
        if (!running.isEmpty()) {
            throw CliException.failed(p.name() + " is already running (pid " + running + "); use 'gcdn local restart " + number + "'");
        }
        List<LocalNetwork.Proc> procs = LocalNetwork.read(dir);
        LocalNetwork.Proc bootstrap = procs.stream().filter(b -> b.role().equals("bootstrap")).findFirst()
                .orElseThrow(() -> CliException.failed("the network in " + dir + " has no bootstrap recorded"));
        LocalNetwork.requireFree(p.port());
        java.nio.file.Path replicasFile = dir.resolve(REPLICAS_FILE);
        String replicas = java.nio.file.Files.exists(replicasFile) ? java.nio.file.Files.readString(replicasFile).strip() : "3";
        LocalNetwork.Proc started = LocalNetwork.start("node", p.port(), p.dataDir(),
                List.of("--bootstrap", bootstrap.address(), "--advertise", p.address(), "--replicas", replicas),
                LocalNetwork.clusterKey(dir));
        LocalNetwork.Proc recorded = p.withPid(started.pid());
        LocalNetwork.replace(dir, recorded);
        System.out.printf("started %s: http://%s   pid %d   log %s; waiting until the network converges ...%n", recorded.name(),
                recorded.address(), recorded.pid(), recorded.log());
        int nodes = (int) procs.stream().filter(n -> n.role().equals("node")).count();
        if (!awaitConverged(LocalNetwork.read(dir), nodes, Duration.ofSeconds(90))) {
            System.err.println("gcdn: the network did not converge within 90 s; see " + recorded.log() + " and ./gcdn status");
            return false;
        }
        System.out.println("converged.");
        return true;
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Starts a local network if none runs, uploads a sample blob at the first node and reads it back from the last.")
    static final class Demo implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @picocli.CommandLine.Mixin
        Shape shape = new Shape(); // used only if no network runs yet

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path dir = where.dir();
            List<LocalNetwork.Proc> running = LocalNetwork.read(dir).stream().filter(p -> !LocalNetwork.pids(p).isEmpty()).toList();
            if (running.isEmpty() && !up(dir, shape.nodes, shape.basePort, shape.replicas)) {
                return 1;
            }
            List<LocalNetwork.Proc> data = LocalNetwork.read(dir).stream().filter(p -> p.role().equals("node")).toList();
            NodeClient writer = new NodeClient(data.get(0).address());
            NodeClient reader = new NodeClient(data.get(data.size() - 1).address());
            UUID key = UUID.randomUUID();
            String text = "Hello from Gossip CDN, written at " + writer.node + " on " + Instant.now() + "\n";
            HttpResponse<byte[]> put = writer.sendWrite(HttpRequest.newBuilder(writer.uri("/v1/blobs/" + key))
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .PUT(HttpRequest.BodyPublishers.ofString(text)), HttpResponse.BodyHandlers.ofByteArray());
            NodeClient.ensureOk(put, "upload");
            long t0 = System.nanoTime();
            System.out.printf("PUT  http://%s/v1/blobs/%s  -> HTTP %d, version %s%n", writer.node, key, put.statusCode(),
                    Terminal.safe(NodeClient.readJson(put.body()).path("version").asText()));
            HttpResponse<byte[]> got;
            do {
                got = reader.send(HttpRequest.newBuilder(reader.uri("/v1/blobs/" + key)).GET(), HttpResponse.BodyHandlers.ofByteArray());
                if (got.statusCode() == 200 || System.nanoTime() - t0 > 30_000_000_000L) {
                    break;
                }
                Thread.sleep(20);
            } while (true);
            NodeClient.ensureOk(got, "read back from " + reader.node);
            String back = new String(got.body(), StandardCharsets.UTF_8);
            System.out.printf("GET  http://%s/v1/blobs/%s  -> HTTP %d after %d ms: %s", reader.node, key, got.statusCode(),
                    (System.nanoTime() - t0) / 1_000_000, Terminal.safe(back.strip()) + "\n");
            if (!back.equals(text)) {
                throw CliException.failed("the bytes read back differ from those written");
            }
            System.out.println("same bytes at both nodes. Next: ./gcdn status, ./gcdn stat " + key + ", ./gcdn local down");
            return 0;
        }
    }
}
