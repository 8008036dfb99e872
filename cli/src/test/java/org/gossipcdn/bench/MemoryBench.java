package org.gossipcdn.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.time.SystemClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.gossipcdn.node.NodeProcess;
import org.gossipcdn.storage.FsyncPolicy;
import org.gossipcdn.storage.RocksDbStore;

/**
 * Memory of a node against its key count: fills a data dir with R records offline, starts a node
 * process on it with -Xmx256m, and reports start-up time (exec to healthy), live heap after a full
 * GC (jcmd GC.class_histogram) and RSS. The baseline with 10,000 records runs in
 * the same invocation. Run by {@code scripts/bench memory --records R}.
 */
public final class MemoryBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Args.parse(args);
        int records = Integer.parseInt(a.getOrDefault("records", "1000000"));
        int baseline = Integer.parseInt(a.getOrDefault("baseline", "10000"));
        Map<String, Object> base = measure(baseline);
        Map<String, Object> big = measure(records);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("records", records);
        out.put("heap_after_gc_mb", big.get("heap_after_gc_mb"));
        out.put("rss_mb", big.get("rss_mb"));
        out.put("startup_s", big.get("startup_s"));
        out.put("baseline_records", baseline);
        out.put("baseline_heap_after_gc_mb", base.get("heap_after_gc_mb"));
        out.put("baseline_rss_mb", base.get("rss_mb"));
        out.put("baseline_startup_s", base.get("startup_s"));
        out.put("heap_ratio", (double) big.get("heap_after_gc_mb") / (double) base.get("heap_after_gc_mb"));
        System.out.println(new ObjectMapper().writeValueAsString(out));
    }

    static Map<String, Object> measure(int records) throws Exception {
        Path dir = Files.createTempDirectory("gcdn-bench-mem-");
        try {
            fill(dir.resolve("node").resolve("db"), records);
            int port = NodeProcess.freePort();
            NodeProcess p = new NodeProcess(port, dir.resolve("node"), List.of("-Xmx256m"), List.of("--bootstrap", "none"));
            long t0 = System.nanoTime();
            try (NodeProcess node = p.start()) {
                double startup = (System.nanoTime() - t0) / 1e9;
                String keys = new ObjectMapper().readTree(node.get("/v1/status").body()).get("keys").asText();
                if (Long.parseLong(keys) != records) {
                    throw new IllegalStateException("node reports " + keys + " keys, expected " + records);
                }
                Thread.sleep(3000);
                double heap = liveHeapBytes(node);
                long rssKb = 0;
                for (String line : Files.readAllLines(Path.of("/proc/" + node.pid() + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rssKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("heap_after_gc_mb", Math.round(heap / 1e5) / 10.0);
                out.put("rss_mb", Math.round(rssKb / 102.4) / 10.0);
                out.put("startup_s", Math.round(startup * 100) / 100.0);
                System.err.printf("%,d records: %s%n", records, out);
                return out;
            }
        } finally {
            Args.deleteTree(dir);
        }
    }

    /** Writes {@code records} small records straight into a store, as a running node would have. */
    static void fill(Path db, int records) {
        try (RocksDbStore store = RocksDbStore.open(db, FsyncPolicy.PROCESS_CRASH)) {
            Replica replica = new Replica(new NodeId(7, 7), store, new HlcClock(new SystemClock(), Duration.ofMinutes(1)),
                    GossipConfig.defaults().replica(), Listener.NONE);
            Random random = new Random(records);
            long wall = System.currentTimeMillis() - 60_000;
            for (int i = 0; i < records; i++) {
                replica.merge(new BlobRecord(new UUID(random.nextLong(), random.nextLong()),
                        new Version(new Hlc(wall, i & 0xFFFF), new NodeId(0, 1)), false, Sha256.EMPTY, 0,
                        "application/octet-stream", CausalContext.EMPTY));
            }
            replica.markInSync();
        }
    }

    /**
     * Bytes of live objects: {@code jcmd GC.class_histogram} runs a full GC and counts what survived.
     * Reading the heap gauge after a GC instead would also count what the reading itself allocated
     * (young regions of 1 MiB at -Xmx256m), which made the two runs differ by a region at random.
     */
    private static double liveHeapBytes(NodeProcess n) throws Exception {
        String histogram = run(javaTool("jcmd"), String.valueOf(n.pid()), "GC.class_histogram");
        for (String line : histogram.split("\n")) {
            if (line.startsWith("Total")) {
                String[] cols = line.trim().split("\\s+");
                return Double.parseDouble(cols[2]);
            }
        }
        throw new IllegalStateException("no Total line in the class histogram:\n" + histogram);
    }

    private static String javaTool(String name) {
        Path java = Path.of(NodeProcess.java());
        return java.resolveSibling(name).toString();
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(cmd))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
