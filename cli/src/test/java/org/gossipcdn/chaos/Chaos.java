package org.gossipcdn.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gossipcdn.node.NodeProcess;

/**
 * Runs one fault scenario on real processes across netns hosts: h1 bootstrap, h2..h6 nodes, h7 a
 * sixth node (bootstrap-down only), h8 the workload client and checker. It applies the scenario's
 * faults while the workload runs, heals everything, lets the workload settle and check, and
 * returns the checker's figures. Always tears the hosts down. Needs root.
 *
 * <p>{@code scripts/chaos SCENARIO [--seconds S] [--seed X] [--tombstone-grace G]} runs it from the
 * command line. {@code long-partition} splits the nodes from 5 s until {@code 2 × G} after the writes
 * end (G defaults to 10 s there, and to the nodes' 7 days elsewhere), so deletes on either side are
 * purged before the heal: none may come back.
 */
public final class Chaos {

    public static final List<String> SCENARIOS =
            List.of("partition", "kill", "loss", "delay", "skew", "bootstrap-down", "restart-all", "kill-loss", "long-partition");
    /** The shortened tombstoneGrace long-partition runs with unless told otherwise. */
    static final Duration LONG_PARTITION_GRACE = Duration.ofSeconds(10);
    private static final int BOOTSTRAP = 1;
    private static final int FIRST_NODE = 2;
    private static final int LAST_NODE = 6;
    private static final int SIXTH_NODE = 7;
    private static final int CLIENT = 8;
    private static final int NODE_PORT = 7001;

    private final Path home;
    private final NetnsCluster net;
    private final Path dir;
    private final Map<Integer, List<String>> nodeArgs = new HashMap<>();
    private final Random random;
    private final Duration tombstoneGrace;

    Chaos(Path home, Path dir, long seed, Duration tombstoneGrace) {
        this.tombstoneGrace = tombstoneGrace;
        this.home = home;
        this.net = new NetnsCluster(NetnsCluster.locate(home));
        this.dir = dir;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !SCENARIOS.contains(args[0])) {
            System.err.println("usage: scripts/chaos SCENARIO [--seconds S] [--seed X] [--tombstone-grace SECONDS]; SCENARIO is one of "
                    + SCENARIOS);
            System.exit(2);
        }
        long seconds = 40;
        long seed = System.nanoTime();
        Duration grace = null;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--tombstone-grace" -> grace = Duration.ofSeconds(Long.parseLong(args[i + 1].replaceFirst("s$", "")));
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Map<String, Object> result = run(args[0], Duration.ofSeconds(seconds), seed, grace);
        System.out.println(new ObjectMapper().writeValueAsString(result));
    }

    /** Runs one scenario; the workload writes for {@code seconds}. */
    public static Map<String, Object> run(String scenario, Duration seconds, long seed) throws Exception {
        return run(scenario, seconds, seed, null);
    }

    /**
     * Runs one scenario with the nodes' tombstoneGrace set to {@code grace} (null: long-partition's
     * {@link #LONG_PARTITION_GRACE}, the nodes' default elsewhere).
     */
    public static Map<String, Object> run(String scenario, Duration seconds, long seed, Duration grace) throws Exception {
        Path home = Path.of(System.getProperty("gcdn.home", ".")).toAbsolutePath().normalize();
        Path dir = Files.createTempDirectory("gcdn-chaos-" + scenario + "-");
        Duration effective = grace != null ? grace : scenario.equals("long-partition") ? LONG_PARTITION_GRACE : null;
        Chaos c = new Chaos(home, dir, seed, effective);
        try {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("scenario", scenario);
            out.put("seconds", seconds.toSeconds());
            out.put("seed", seed);
            if (effective != null) {
                out.put("tombstone_grace_seconds", effective.toSeconds());
            }
            out.putAll(c.execute(scenario, seconds, seed));
            return out;
        } finally {
            try {
                c.net.down();
            } finally {
                if (System.getenv("GCDN_CHAOS_KEEP") == null) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                } else {
                    System.err.println("kept " + dir);
                }
            }
        }
    }

    private static String address(int host) {
        return NetnsCluster.ip(host) + ":" + NODE_PORT;
    }

    private Map<String, Object> execute(String scenario, Duration seconds, long seed) throws Exception {
        net.up(CLIENT);
        start(BOOTSTRAP, List.of("-jar", jar("bootstrap-app", "gcdn-bootstrap.jar"), "--port", "7000", "--bind", NetnsCluster.ip(BOOTSTRAP),
                "--data-dir", dir.resolve("h1").toString(), "--cluster-key", NodeProcess.TEST_CLUSTER_KEY));
        for (int h = FIRST_NODE; h <= LAST_NODE; h++) {
            List<String> extra = new ArrayList<>();
            if (scenario.equals("skew") && h == 5) {
                extra.addAll(List.of("--clock-offset", "30s"));
            }
            if (scenario.equals("skew") && h == 6) {
                extra.addAll(List.of("--clock-offset", "10m"));
            }
            if (tombstoneGrace != null) {
                extra.addAll(List.of("--tombstone-grace", tombstoneGrace.toSeconds() + "s"));
            }
            nodeArgs.put(h, extra);
            startNode(h);
        }
        List<String> nodes = new ArrayList<>();
        for (int h = FIRST_NODE; h <= LAST_NODE; h++) {
            nodes.add(address(h));
        }
        List<String> check = new ArrayList<>(nodes);
        if (scenario.equals("bootstrap-down")) {
            check.add(address(SIXTH_NODE));
        }
        String classpath = System.getProperty("gcdn.chaos.classpath", System.getProperty("java.class.path"));
        Process workload = net.start(CLIENT, List.of(java(), "-Xmx256m", "-cp", classpath, Workload.class.getName(),
                "--nodes", String.join(",", nodes), "--check-nodes", String.join(",", check), "--seconds",
                String.valueOf(seconds.toSeconds()), "--dir", dir.toString(), "--seed", String.valueOf(seed),
                "--replicas", scenario.startsWith("kill") ? "mixed" : "2", "--tombstone-grace-seconds",
                String.valueOf((tombstoneGrace == null ? Duration.ofDays(7) : tombstoneGrace).toSeconds())), dir.resolve("workload.log"));
        awaitFile("ready", workload, Duration.ofMinutes(4));
        long t0 = System.nanoTime();
        nemesis(scenario, seconds, t0);
        sleepUntil(t0, seconds);
        if (scenario.equals("long-partition")) {
            sleepUntil(t0, seconds.plus(tombstoneGrace.multipliedBy(2))); // every delete is purged on its side before the heal
        }
        heal(scenario);
        Files.writeString(dir.resolve("healed"), "healed");
        if (!workload.waitFor(8, TimeUnit.MINUTES)) {
            workload.destroyForcibly();
            throw new IllegalStateException("the workload did not finish; see " + dir.resolve("workload.log"));
        }
        Path result = dir.resolve("result.json");
        if (!Files.exists(result)) {
            throw new IllegalStateException("the workload wrote no result: " + Files.readString(dir.resolve("workload.log")));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = new ObjectMapper().readValue(result.toFile(), LinkedHashMap.class);
        return figures;
    }

    private void nemesis(String scenario, Duration seconds, long t0) throws Exception {
        long s = seconds.toSeconds();
        switch (scenario) {
            case "long-partition" -> {
                // as partition, held until 2 × tombstoneGrace after the writes end; deletes land on both sides
                sleepUntil(t0, Duration.ofSeconds(Math.min(5, s / 4)));
                net.partition("1,2,3|4,5,6");
            }
            case "partition" -> {
                // 2 nodes (with the bootstrap) | 3 nodes, from 5 s until the writes end; the client reaches both sides
                sleepUntil(t0, Duration.ofSeconds(Math.min(5, s / 4)));
                net.partition("1,2,3|4,5,6");
            }
            case "kill", "kill-loss" -> {
                if (scenario.equals("kill-loss")) {
                    for (int h = 1; h <= CLIENT; h++) {
                        net.loss(h, 20);
                    }
                }
                while (System.nanoTime() - t0 < seconds.toNanos() - 6_000_000_000L) {
                    int victim = FIRST_NODE + random.nextInt(LAST_NODE - FIRST_NODE + 1);
                    net.kill(victim);
                    Thread.sleep(3000);
                    startNode(victim);
                    Thread.sleep(2000 + random.nextInt(2000));
                }
            }
            case "loss" -> {
                for (int h = 1; h <= CLIENT; h++) {
                    net.loss(h, 20);
                }
            }
            case "delay" -> {
                net.delay(2, 300, 100);
                net.delay(3, 300, 100);
            }
            case "skew" -> {
                // the skew was set at start: h5 runs 30 s ahead, h6 10 minutes ahead
            }
            case "bootstrap-down" -> {
                net.kill(BOOTSTRAP);
                sleepUntil(t0, Duration.ofSeconds(Math.min(10, s / 3)));
                nodeArgs.put(SIXTH_NODE, List.of("--seed", address(FIRST_NODE)));
                startNode(SIXTH_NODE);
            }
            case "restart-all" -> {
                sleepUntil(t0, Duration.ofSeconds(s / 2));
                for (int h = FIRST_NODE; h <= LAST_NODE; h++) {
                    net.kill(h);
                }
                Thread.sleep(1000);
                for (int h = FIRST_NODE; h <= LAST_NODE; h++) {
                    startNode(h);
                }
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    /** Ends every fault: no partition, delay or loss, and every node running again. */
    private void heal(String scenario) throws IOException {
        net.clear();
        if (scenario.startsWith("kill")) {
            for (int h = FIRST_NODE; h <= LAST_NODE; h++) {
                if (!running(h)) {
                    startNode(h);
                }
            }
        }
    }

    private final Map<Integer, Process> processes = new HashMap<>();

    private boolean running(int host) {
        Process p = processes.get(host);
        return p != null && p.isAlive();
    }

    private void startNode(int h) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("-Xmx256m", "-jar", jar("node-app", "gcdn-node.jar"), "--port",
                String.valueOf(NODE_PORT), "--bind", NetnsCluster.ip(h), "--advertise", address(h), "--data-dir",
                dir.resolve("h" + h).toString(), "--bootstrap", NetnsCluster.ip(BOOTSTRAP) + ":7000", "--replicas-timeout", "3s",
                "--cluster-key", NodeProcess.TEST_CLUSTER_KEY));
        cmd.addAll(nodeArgs.getOrDefault(h, List.of()));
        start(h, cmd);
    }

    private void start(int host, List<String> javaArgs) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.addAll(javaArgs);
        processes.put(host, net.start(host, cmd, dir.resolve("h" + host + ".log")));
    }

    private String jar(String module, String name) {
        return home.resolve(module).resolve("target").resolve(name).toString();
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private void awaitFile(String name, Process workload, Duration max) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!Files.exists(dir.resolve(name))) {
            if (!workload.isAlive()) {
                throw new IllegalStateException("the workload exited: " + Files.readString(dir.resolve("workload.log")));
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("no '" + name + "' from the workload within " + max + "; logs in " + dir);
            }
            Thread.sleep(200);
        }
    }

    private static void sleepUntil(long t0, Duration offset) throws InterruptedException {
        long wait = t0 + offset.toNanos() - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
