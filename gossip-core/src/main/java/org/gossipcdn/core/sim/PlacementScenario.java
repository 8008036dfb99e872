package org.gossipcdn.core.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.placement.Rebalancer;
import org.gossipcdn.core.sim.check.PlacementOracle;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.Sha256;

/**
 * {@code gcdn sim --scenario placement}: R copies placed by rendezvous hashing, judged by
 * {@link PlacementOracle}. Writes {@code keys} blobs of 1 KiB at random nodes, then
 * <ol>
 *   <li>settle: runs until every key's content is on exactly its R holders;</li>
 *   <li>kills a holder: runs until every key is back on R live holders (repair_millis);</li>
 *   <li>adds {@code added} nodes: runs until placement is exact again, counting the bytes fetched
 *       (bytes_moved) against the ideal R · bytes · added / nodes after.</li>
 * </ol>
 * While nodes join it samples the fewest live copies of any key (min_copies_while_joining, never
 * below R: rebalancing drops no copy before the new holders have theirs); throughout, it counts
 * blobs with no live copy (lost_blobs, must be 0).
 */
public final class PlacementScenario {

    private static final int BLOB_BYTES = 1024;
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);
    private static final Duration MAX_PHASE = Duration.ofMinutes(15);

    private final SimCluster cluster;
    private final int replicas;
    private final Map<UUID, Sha256> content = new LinkedHashMap<>();
    private int minCopies = Integer.MAX_VALUE;
    private int lostBlobs;

    private PlacementScenario(SimCluster cluster, int replicas) {
        this.cluster = cluster;
        this.replicas = replicas;
    }

    /** Runs the scenario: {@code keys} blobs, R = {@code replicas}, then a kill and {@code added} joins. */
    public static SimReport run(SimScenarios.Params p, int replicas, int keys, int added) {
        GossipConfig d = GossipConfig.defaults();
        GossipConfig config = d.withPlacement(d.placement().withReplicas(replicas));
        SimCluster cluster = new SimCluster(p.seed(), p.nodes(), config, i -> Listener.NONE);
        cluster.network().setLoss(p.loss());
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(2));
        return new PlacementScenario(cluster, replicas).run(p, keys, added);
    }

    private SimReport run(SimScenarios.Params p, int keys, int added) {
        SplittableRandom random = new SplittableRandom(p.seed());
        for (int k = 0; k < keys; k++) {
            UUID key = new UUID(random.nextLong(), random.nextLong());
            byte[] bytes = new byte[BLOB_BYTES];
            random.nextBytes(bytes);
            List<Integer> live = cluster.live();
            cluster.write(live.get(random.nextInt(live.size())), key, bytes);
            content.put(key, Sha256.of(bytes));
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nodes", p.nodes());
        f.put("replicas", replicas);
        f.put("keys", keys);
        f.put("seed", p.seed());

        long start = cluster.network().nowNanos();
        boolean settled = runUntilExact();
        f.put("settle_millis", settled ? (cluster.network().nowNanos() - start) / 1_000_000 : null);
        f.put("misplaced_after_settle", misplaced());

        // Kill the node holding the most content; the others must bring every key back to R copies.
        int victim = cluster.live().stream().max((a, b) -> Long.compare(
                cluster.member(a).store.contentUsage().bytes(), cluster.member(b).store.contentUsage().bytes())).orElseThrow();
        cluster.crash(victim);
        start = cluster.network().nowNanos();
        boolean repaired = runUntilExact();
        f.put("killed_node_bytes", cluster.member(victim).store.contentUsage().bytes());
        f.put("repair_millis", repaired ? (cluster.network().nowNanos() - start) / 1_000_000 : null);
        f.put("misplaced_after_repair", misplaced());

        // Add nodes: only the keys whose top R changed should move, and no key may drop below R copies.
        minCopies = Integer.MAX_VALUE;
        long fetchedBefore = bytesFetched();
        int liveBefore = cluster.live().size();
        for (int i = 0; i < added; i++) {
            cluster.add();
        }
        start = cluster.network().nowNanos();
        boolean rebalanced = runUntilExact();
        long moved = bytesFetched() - fetchedBefore;
        long total = (long) keys * BLOB_BYTES;
        double ideal = (double) replicas * total * added / (liveBefore + added);
        f.put("added", added);
        f.put("rebalance_millis", rebalanced ? (cluster.network().nowNanos() - start) / 1_000_000 : null);
        f.put("bytes_moved", moved);
        f.put("ideal_bytes_moved", Math.round(ideal));
        f.put("moved_vs_ideal", Math.round(moved / ideal * 1000) / 1000.0);
        f.put("misplaced_after_join", misplaced());
        f.put("bytes_per_node_max_vs_ideal", Math.round(maxBytesVsIdeal() * 1000) / 1000.0);
        f.put("min_copies_while_joining", minCopies == Integer.MAX_VALUE ? null : minCopies);
        f.put("lost_blobs", lostBlobs);
        f.put("errors", cluster.network().errors());
        return new SimReport("placement", f);
    }

    /** Runs until every key's content is on exactly its holders, sampling copies on the way. */
    private boolean runUntilExact() {
        return cluster.network().runUntil(() -> misplaced() == 0, CHECK_EVERY, MAX_PHASE);
    }

    /** Keys whose content is not on exactly their holders among the live nodes; updates min_copies and lost_blobs. */
    private int misplaced() {
        List<Integer> live = cluster.live();
        List<PlacementOracle.Node> nodes = new ArrayList<>();
        Map<PlacementOracle.Node, Integer> index = new LinkedHashMap<>();
        for (int i : live) {
            Member self = cluster.await(cluster.node(i).members()).get(0);
            PlacementOracle.Node n = new PlacementOracle.Node(self.id().high(), self.id().low(), self.capacity());
            nodes.add(n);
            index.put(n, i);
        }
        int wrong = 0;
        int lost = 0;
        int fewest = Integer.MAX_VALUE;
        for (Map.Entry<UUID, Sha256> e : content.entrySet()) {
            Set<Integer> expected = new HashSet<>();
            for (PlacementOracle.Node n : PlacementOracle.holders(e.getKey(), nodes, replicas)) {
                expected.add(index.get(n));
            }
            Set<Integer> actual = new HashSet<>();
            for (int i : live) {
                if (cluster.member(i).store.hasContent(e.getValue())) {
                    actual.add(i);
                }
            }
            if (!actual.equals(expected)) {
                wrong++;
            }
            if (actual.isEmpty()) {
                lost++;
            }
            fewest = Math.min(fewest, actual.size());
        }
        lostBlobs = Math.max(lostBlobs, lost);
        minCopies = Math.min(minCopies, fewest);
        return wrong;
    }

    private long bytesFetched() {
        long sum = 0;
        for (int i : cluster.live()) {
            Rebalancer.Progress progress = cluster.await(cluster.node(i).status()).placement();
            sum += progress.bytesFetched();
        }
        return sum;
    }

    /** The most content bytes on one live node against its fair share, R · total / live. */
    private double maxBytesVsIdeal() {
        List<Integer> live = cluster.live();
        double ideal = (double) replicas * content.size() * BLOB_BYTES / live.size();
        long most = 0;
        for (int i : live) {
            most = Math.max(most, cluster.member(i).store.contentUsage().bytes());
        }
        return most / ideal;
    }
}
