package org.gossipcdn.core.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.sim.check.Verdict;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Version;

/**
 * The named simulation scenarios behind {@code gcdn sim} and the {@code *SimTest}s. Each is a
 * pure function of its parameters (seed included) and returns the figures it measured.
 */
public final class SimScenarios {

    /** What a scenario takes: node count, message loss, seed and (where it applies) run length. */
    public record Params(int nodes, double loss, long seed, Duration duration) {
        public Params {
            if (nodes < 2) {
                throw new IllegalArgumentException("nodes must be >= 2, was " + nodes);
            }
            if (loss < 0 || loss >= 1) {
                throw new IllegalArgumentException("loss must be in [0, 1), was " + loss);
            }
        }
    }

    /** The scenarios judged by the independent checker (see {@link CheckedScenarios}); each reports
     *  lost_writes, diverged_keys, resurrected, kept_expired_not_dropped, lost_blobs, under_replicated
     *  and errors, all to be 0. */
    public static final List<String> CHECKED = List.of("long-partition", "retention", "restart-skew", "forged", "random");

    /** The fields of a checked scenario that must all be 0. */
    public static final List<String> ZERO_FIELDS =
            List.of("lost_writes", "diverged_keys", "resurrected", "kept_expired_not_dropped", "lost_blobs",
                    "under_replicated", "errors");

    public static final List<String> NAMES = List.of("dissemination", "failure", "partition", "tombstone",
            "long-partition", "retention", "restart-skew", "forged", "random", "placement");

    private SimScenarios() {
    }

    public static SimReport run(String name, Params p) {
        return switch (name) {
            case "dissemination" -> dissemination(p);
            case "failure" -> failure(p);
            case "partition" -> partition(p);
            case "tombstone" -> tombstone(p);
            case "long-partition" -> CheckedScenarios.longPartition(p);
            case "retention" -> CheckedScenarios.retention(p);
            case "restart-skew" -> CheckedScenarios.restartSkew(p);
            case "forged" -> CheckedScenarios.forged(p);
            case "random" -> CheckedScenarios.random(p);
            case "placement" -> PlacementScenario.run(p, 3, 2_000, 8);
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + NAMES);
        };
    }

    /** ceil(log2 N + ln N): the epidemic bound on rounds to reach all N nodes. */
    public static int bound(int n) {
        return (int) Math.ceil(Math.log(n) / Math.log(2) + Math.log(n));
    }

    /** One write at a random node, no other traffic: gossip ticks until every node holds it. */
    public static SimReport dissemination(Params p) {
        GossipConfig config = GossipConfig.defaults();
        Set<Integer> holders = new HashSet<>();
        Version[] watched = new Version[1];
        SimCluster cluster = new SimCluster(p.seed(), p.nodes(), config, i -> new Listener() {
            @Override
            public void onRecordCommitted(KeyState before, KeyState after) {
                if (watched[0] != null && after.knows(watched[0])) {
                    holders.add(i);
                }
            }
        });
        cluster.network().setLoss(p.loss());
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(3));
        SplittableRandom random = new SplittableRandom(p.seed());
        int writer = random.nextInt(p.nodes());
        UUID key = new UUID(random.nextLong(), random.nextLong());
        byte[] content = new byte[1024];
        random.nextBytes(content);
        long start = cluster.network().nowNanos();
        WriteOutcome out = cluster.write(writer, key, content);
        watched[0] = ((WriteOutcome.Written) out).record().version();
        holders.add(writer);
        long tick = config.dissemination().gossipTick().toNanos();
        boolean all = cluster.network().runUntil(() -> holders.size() == p.nodes(), Duration.ofMillis(1),
                Duration.ofMinutes(5));
        long elapsed = cluster.network().nowNanos() - start;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nodes", p.nodes());
        f.put("loss", p.loss());
        f.put("seed", p.seed());
        f.put("rounds", all ? (int) Math.ceil((double) elapsed / tick) : null);
        f.put("bound", bound(p.nodes()));
        f.put("seconds", elapsed / 1e9);
        f.put("holders", holders.size());
        return new SimReport("dissemination", f);
    }

    /** One node crashes; detection time and false deaths over the run. */
    public static SimReport failure(Params p) {
        Duration duration = p.duration() == null ? Duration.ofSeconds(600) : p.duration();
        Map<NodeId, Integer> indexOf = new HashMap<>();
        Map<Integer, Long> deadSeenAt = new HashMap<>();
        Set<NodeId> declaredDead = new TreeSet<>();
        Set<String> suspicions = new HashSet<>();
        NodeId[] victim = new NodeId[1];
        SimNetwork[] net = new SimNetwork[1];
        SimCluster cluster = new SimCluster(p.seed(), p.nodes(), GossipConfig.defaults(), i -> new Listener() {
            @Override
            public void onMemberChanged(Member previous, Member current) {
                if (current.status() == MemberStatus.SUSPECT) {
                    suspicions.add(current.id() + "#" + current.incarnation());
                }
                if (current.status() == MemberStatus.DEAD) {
                    declaredDead.add(current.id());
                    if (current.id().equals(victim[0])) {
                        deadSeenAt.putIfAbsent(i, net[0].nowNanos());
                    }
                }
            }
        });
        net[0] = cluster.network();
        for (int i = 0; i < p.nodes(); i++) {
            indexOf.put(cluster.member(i).id, i);
        }
        cluster.network().setLoss(p.loss());
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(5));
        int crashed = new SplittableRandom(p.seed()).nextInt(p.nodes());
        victim[0] = cluster.member(crashed).id;
        long crashAt = cluster.network().nowNanos();
        cluster.crash(crashed);
        cluster.network().runFor(duration);
        int live = p.nodes() - 1;
        long falseDead = declaredDead.stream().filter(id -> !id.equals(victim[0])).count();
        Double detectMax = deadSeenAt.size() == live
                ? deadSeenAt.values().stream().mapToLong(t -> t - crashAt).max().orElse(0) / 1e9 : null;
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nodes", p.nodes());
        f.put("loss", p.loss());
        f.put("seed", p.seed());
        f.put("seconds", duration.toSeconds());
        f.put("detect_seconds_max", detectMax);
        f.put("detect_seconds_min", deadSeenAt.values().stream().mapToLong(t -> t - crashAt).min().orElse(-1) / 1e9);
        f.put("detected_by", deadSeenAt.size());
        f.put("false_dead", falseDead);
        f.put("suspicions", suspicions.size()); // distinct (member, incarnation) suspected, all refuted unless false_dead
        return new SimReport("failure", f);
    }

    /**
     * Two halves split for 60 s with writes to the same keys on both sides, then healed; checks
     * convergence, the LWW rule and that no acknowledged write vanished silently.
     */
    public static SimReport partition(Params p) {
        GossipConfig config = GossipConfig.defaults();
        SimCluster cluster = new SimCluster(p.seed(), p.nodes(), config, i -> Listener.NONE);
        cluster.network().setLoss(p.loss());
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(3));
        SplittableRandom random = new SplittableRandom(p.seed());
        List<UUID> keys = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            keys.add(new UUID(random.nextLong(), random.nextLong()));
        }
        List<BlobRecord> acked = new ArrayList<>();
        writeRandomly(cluster, random, keys, acked, cluster.live(), Duration.ofSeconds(5));
        Set<Address> left = new HashSet<>();
        for (int i = 0; i < p.nodes() / 2; i++) {
            left.add(cluster.member(i).address);
        }
        cluster.network().partition(List.of(left));
        writeRandomly(cluster, random, keys, acked, cluster.live(), p.duration() == null ? Duration.ofSeconds(60) : p.duration());
        cluster.network().heal();
        long healedAt = cluster.network().nowNanos();
        boolean converged = cluster.network().runUntil(cluster::converged, Duration.ofMillis(200), Duration.ofMinutes(10));
        long tick = config.dissemination().gossipTick().toNanos();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nodes", p.nodes());
        f.put("loss", p.loss());
        f.put("seed", p.seed());
        f.put("acked_writes", acked.size());
        f.put("converge_rounds", converged ? (int) Math.ceil((double) (cluster.network().nowNanos() - healedAt) / tick) : null);
        f.putAll(checkWrites(cluster, config, acked));
        return new SimReport("partition", f);
    }

    /** Every 250 ms, a random live node writes (or, one time in eight, deletes) a random key. */
    private static void writeRandomly(SimCluster cluster, SplittableRandom random, List<UUID> keys,
                                      List<BlobRecord> acked, List<Integer> writers, Duration duration) {
        long end = cluster.network().nowNanos() + duration.toNanos();
        while (cluster.network().nowNanos() < end) {
            int node = writers.get(random.nextInt(writers.size()));
            UUID key = keys.get(random.nextInt(keys.size()));
            WriteOutcome out;
            if (random.nextInt(8) == 0) {
                out = cluster.delete(node, key);
            } else {
                byte[] content = new byte[64];
                random.nextBytes(content);
                out = cluster.write(node, key, content);
            }
            if (out instanceof WriteOutcome.Written w) {
                acked.add(w.record());
            }
            cluster.network().runFor(Duration.ofMillis(250));
        }
    }

    /**
     * Judged by the independent checker ({@link SimHistory}, {@link org.gossipcdn.core.sim.check.ReferenceModel}):
     * diverged_keys: keys where live nodes disagree with each other or with the model on the winner
     * or the kept set; lww_violations: keys where some live node's winner is not the model's (the
     * greatest version written); silently_lost: acknowledged writes the model says must still be
     * kept (winner or kept loser) that some live node does not hold.
     */
    static Map<String, Object> checkWrites(SimCluster cluster, GossipConfig config, List<BlobRecord> acked) {
        SimHistory history = new SimHistory();
        acked.forEach(history::add);
        Verdict v = history.judge(cluster, config);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("diverged_keys", v.divergedKeys());
        f.put("lww_violations", v.wrongWinnerKeys());
        f.put("silently_lost", v.lostWrites());
        return f;
    }

    /**
     * A key is deleted while one node is down for longer than the tombstone grace period. The
     * others keep the delete while the node is away (it might still hold the old value: proposal
     * 0003); the node returns holding the old value, takes the delete, and only then does every node
     * purge it. The value must never come back.
     */
    public static SimReport tombstone(Params p) {
        Duration grace = Duration.ofSeconds(30);
        GossipConfig base = GossipConfig.defaults();
        GossipConfig config = base.withReplica(base.replica().withTombstoneGrace(grace).withSweepLeavesPerTick(4096));
        SimCluster cluster = new SimCluster(p.seed(), p.nodes(), config, i -> Listener.NONE);
        cluster.network().setLoss(p.loss());
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(3));
        SplittableRandom random = new SplittableRandom(p.seed());
        UUID key = new UUID(random.nextLong(), random.nextLong());
        UUID kept = new UUID(random.nextLong(), random.nextLong());
        cluster.write(0, key, new byte[] {1, 2, 3});
        cluster.write(0, kept, new byte[] {4, 5, 6});
        cluster.network().runFor(Duration.ofSeconds(10));
        int away = 1 + random.nextInt(p.nodes() - 1);
        boolean heldBefore = cluster.state(away, key).isPresent();
        cluster.crash(away);
        int deleter = away == 1 ? 2 % p.nodes() : 1;
        cluster.delete(deleter, key);
        cluster.network().runFor(grace.multipliedBy(3));
        int purged = 0;
        for (int i : cluster.live()) {
            if (cluster.state(i, key).isEmpty()) {
                purged++;
            }
        }
        int liveBefore = cluster.live().size();
        cluster.restart(away);
        cluster.network().runFor(Duration.ofSeconds(60));
        int resurrected = 0;
        int keptEverywhere = 0;
        int purgedAfter = 0;
        for (int i : cluster.live()) {
            if (cluster.state(i, key).isEmpty()) {
                purgedAfter++;
            }
            if (cluster.state(i, key).map(s -> !s.isDeleted()).orElse(false)) {
                resurrected++;
            }
            if (cluster.state(i, kept).map(s -> !s.isDeleted()).orElse(false)) {
                keptEverywhere++;
            }
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nodes", p.nodes());
        f.put("loss", p.loss());
        f.put("seed", p.seed());
        f.put("grace_seconds", grace.toSeconds());
        f.put("away_node_held_key", heldBefore);
        f.put("purged_on_live_nodes", purged + "/" + liveBefore); // while the node is away: none (proposal 0003)
        f.put("purged_after_return", purgedAfter + "/" + cluster.live().size());
        f.put("resurrected", resurrected);
        f.put("other_key_kept_on", keptEverywhere);
        return new SimReport("tombstone", f);
    }
}
