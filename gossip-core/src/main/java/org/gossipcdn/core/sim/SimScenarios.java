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

    public static final List<String> NAMES = List.of("dissemination", "dissemination-crash", "failure", "partition", "tombstone",
            "long-partition", "retention", "restart-skew", "forged", "random", "placement");

    private SimScenarios() {
    }

    public static SimReport run(String name, Params p) {
        return switch (name) {
            case "dissemination" -> dissemination(p);
            case "dissemination-crash" -> disseminationUnderCrashes(p, 0.10);
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

    /** Messages that carry records (and so cost a copy per hop): eager pushes, rumors, anti-entropy transfers. */
    static final Set<String> RECORD_CARRYING = Set.of("push", "rumor", "records-push", "records");
    /** Writes that build the tree (duplicates prune it) before the ones measured. */
    static final int WARM_UP_WRITES = 2;
    static final int MEASURED_WRITES = 5;

    /**
     * Writes at random nodes, one at a time, no other traffic, with eager push (the tree) and then,
     * in the same run, tick-only (a fresh cluster with eager push off, same seed). Per link each
     * message takes 1..5 ms. Reported for the first write with the tree: {@code holders},
     * {@code rounds} (gossip ticks until every node held it), {@code millis}; over the measured
     * writes after {@value #WARM_UP_WRITES} warm-up writes (the tree at steady state): the median
     * {@code rounds}/{@code millis}, {@code messages_per_write} (record-carrying: push, rumor,
     * records-push, records), {@code announcements_per_write} (ihave, graft) and of them
     * {@code grafts_per_write} (a record the tree did not bring in time); the same with a
     * {@code tick_only_} prefix. {@code delivered}: every write reached every node in both runs.
     */
    public static SimReport dissemination(Params p) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nodes", p.nodes());
        f.put("loss", p.loss());
        f.put("seed", p.seed());
        f.put("link_delay_ms", "1..5");
        Spread tree = spread(p, eagerPush(true), MEASURED_WRITES);
        Spread ticks = spread(p, eagerPush(false), MEASURED_WRITES);
        f.put("holders", tree.firstHolders);
        f.put("rounds", tree.firstRounds);
        f.put("millis", tree.firstMillis);
        f.put("bound", bound(p.nodes()));
        f.put("seconds", tree.firstMillis == null ? null : tree.firstMillis / 1000.0);
        f.put("steady_rounds_p50", tree.roundsP50);
        f.put("steady_millis_p50", tree.millisP50);
        f.put("steady_millis_max", tree.millisMax);
        f.put("messages_per_write", tree.messagesPerWrite);
        f.put("messages_per_write_limit", 1.5 * (p.nodes() - 1));
        f.put("announcements_per_write", tree.announcementsPerWrite);
        f.put("grafts_per_write", tree.graftsPerWrite);
        f.put("tick_only_rounds", ticks.firstRounds);
        f.put("tick_only_millis", ticks.firstMillis);
        f.put("tick_only_steady_rounds_p50", ticks.roundsP50);
        f.put("tick_only_steady_millis_p50", ticks.millisP50);
        f.put("tick_only_messages_per_write", ticks.messagesPerWrite);
        f.put("delivered", tree.delivered && ticks.delivered);
        return new SimReport("dissemination", f);
    }

    /**
     * One write at a random node with eager push on or off (the tick-only safety net alone), no
     * other traffic: {@code holders}, {@code rounds} and {@code millis} until every node held it,
     * and the epidemic {@code bound}. The cheap part of {@link #dissemination}, for tests.
     */
    public static SimReport oneWrite(Params p, boolean eager) {
        Spread s = spread(p, eagerPush(eager), 0);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nodes", p.nodes());
        f.put("loss", p.loss());
        f.put("seed", p.seed());
        f.put("eager_push", eager);
        f.put("holders", s.firstHolders);
        f.put("rounds", s.firstRounds);
        f.put("millis", s.firstMillis);
        f.put("bound", bound(p.nodes()));
        return new SimReport("dissemination", f);
    }

    private static GossipConfig eagerPush(boolean on) {
        GossipConfig d = GossipConfig.defaults();
        return d.withDissemination(d.dissemination().withEagerPush(on));
    }

    /** What one configuration's run of {@link #dissemination} measured. */
    private record Spread(int firstHolders, Integer firstRounds, Long firstMillis, Double roundsP50, Double millisP50,
                          Long millisMax, double messagesPerWrite, double announcementsPerWrite, double graftsPerWrite,
                          boolean delivered) {}

    private static Spread spread(Params p, GossipConfig config, int measuredWrites) {
        Map<UUID, Set<Integer>> holders = new HashMap<>(); // each key is written once: any commit of it holds the write
        long[] recordMessages = new long[1];
        long[] announcements = new long[1];
        long[] grafts = new long[1];
        SimCluster cluster = new SimCluster(p.seed(), p.nodes(), config, i -> new Listener() {
            @Override
            public void onRecordCommitted(KeyState before, KeyState after) {
                Set<Integer> h = holders.get(after.key());
                if (h != null) {
                    h.add(i);
                }
            }

            @Override
            public void onMessage(String type, boolean outbound) {
                if (RECORD_CARRYING.contains(type) && (outbound || type.equals("records"))) {
                    recordMessages[0]++; // a records answer is counted where it arrives
                } else if (outbound && (type.equals("ihave") || type.equals("graft"))) {
                    announcements[0]++;
                    grafts[0] += type.equals("graft") ? 1 : 0;
                }
            }
        });
        cluster.network().setLoss(p.loss());
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(3));
        SplittableRandom random = new SplittableRandom(p.seed());
        long tick = config.dissemination().gossipTick().toNanos();
        int firstHolders = 0;
        Integer firstRounds = null;
        Long firstMillis = null;
        List<Long> steadyNanos = new ArrayList<>();
        long measuredMessages = 0;
        long measuredAnnouncements = 0;
        long measuredGrafts = 0;
        boolean delivered = true;
        for (int w = 0; w < (measuredWrites == 0 ? 1 : 1 + WARM_UP_WRITES + measuredWrites); w++) {
            int writer = random.nextInt(p.nodes());
            UUID key = new UUID(random.nextLong(), random.nextLong());
            byte[] content = new byte[1024];
            random.nextBytes(content);
            holders.put(key, new HashSet<>(List.of(writer)));
            long messagesBefore = recordMessages[0];
            long announcementsBefore = announcements[0];
            long graftsBefore = grafts[0];
            long start = cluster.network().nowNanos();
            cluster.write(writer, key, content);
            Set<Integer> h = holders.get(key);
            cluster.network().runUntil(() -> h.size() == p.nodes(), Duration.ofMillis(1), Duration.ofMinutes(5));
            long elapsed = cluster.network().nowNanos() - start;
            boolean all = h.size() == p.nodes();
            delivered &= all;
            if (measuredWrites == 0) {
                firstHolders = h.size();
                firstRounds = all ? (int) Math.ceil((double) elapsed / tick) : null;
                firstMillis = all ? elapsed / 1_000_000 : null;
                break;
            }
            // let the write's last copies, announcements and rumor retransmissions die down before the next
            cluster.network().runFor(config.dissemination().gossipTick().multipliedBy(10));
            if (w == 0) {
                firstHolders = h.size();
                firstRounds = all ? (int) Math.ceil((double) elapsed / tick) : null;
                firstMillis = all ? elapsed / 1_000_000 : null;
            } else if (w > WARM_UP_WRITES) {
                steadyNanos.add(all ? elapsed : Long.MAX_VALUE);
                measuredMessages += recordMessages[0] - messagesBefore;
                measuredAnnouncements += announcements[0] - announcementsBefore;
                measuredGrafts += grafts[0] - graftsBefore;
            }
        }
        if (measuredWrites == 0) {
            return new Spread(firstHolders, firstRounds, firstMillis, null, null, null, 0, 0, 0, delivered);
        }
        steadyNanos.sort(null);
        long median = steadyNanos.get(steadyNanos.size() / 2);
        long max = steadyNanos.get(steadyNanos.size() - 1);
        boolean steadyAll = max != Long.MAX_VALUE;
        return new Spread(firstHolders, firstRounds, firstMillis,
                median == Long.MAX_VALUE ? null : Math.ceil((double) median / tick),
                median == Long.MAX_VALUE ? null : median / 1e6, steadyAll ? max / 1_000_000 : null,
                (double) measuredMessages / measuredWrites, (double) measuredAnnouncements / measuredWrites,
                (double) measuredGrafts / measuredWrites, delivered);
    }

    /**
     * Delivery with the tree under failures: writes from random nodes every 100 ms for 10 s while
     * {@code crashFraction} of the other nodes crash at 5 s (mid-spread), loss as given; then runs
     * until every live node holds every write (at most 5 simulated minutes). {@code missing}: the
     * (live node, write) pairs not held at the end, to be 0. Writers are never among the crashed,
     * so every write has a live node that took it.
     */
    public static SimReport disseminationUnderCrashes(Params p, double crashFraction) {
        GossipConfig config = GossipConfig.defaults();
        SimCluster cluster = new SimCluster(p.seed(), p.nodes(), config, i -> Listener.NONE);
        cluster.network().setLoss(p.loss());
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(3));
        SplittableRandom random = new SplittableRandom(p.seed());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p.nodes(); i++) {
            order.add(i);
        }
        for (int i = order.size() - 1; i > 0; i--) {
            java.util.Collections.swap(order, i, random.nextInt(i + 1));
        }
        int crashes = (int) Math.round(p.nodes() * crashFraction);
        List<Integer> victims = order.subList(0, crashes);
        List<Integer> writers = order.subList(crashes, order.size());
        List<BlobRecord> written = new ArrayList<>();
        for (int w = 0; w < 100; w++) {
            if (w == 50) {
                victims.forEach(cluster::crash);
            }
            int writer = writers.get(random.nextInt(writers.size()));
            byte[] content = new byte[1 + random.nextInt(4096)];
            random.nextBytes(content);
            if (cluster.write(writer, new UUID(random.nextLong(), random.nextLong()), content) instanceof WriteOutcome.Written ok) {
                written.add(ok.record());
            }
            cluster.network().runFor(Duration.ofMillis(100));
        }
        java.util.function.IntSupplier missing = () -> {
            int n = 0;
            for (int i : cluster.live()) {
                for (BlobRecord r : written) {
                    if (!cluster.state(i, r.key()).map(s -> s.knows(r.version())).orElse(false)) {
                        n++;
                    }
                }
            }
            return n;
        };
        cluster.network().runUntil(() -> missing.getAsInt() == 0, Duration.ofMillis(500), Duration.ofMinutes(5));
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("nodes", p.nodes());
        f.put("loss", p.loss());
        f.put("seed", p.seed());
        f.put("crashed", crashes);
        f.put("writes", written.size());
        f.put("missing", missing.getAsInt());
        f.put("errors", cluster.network().errors());
        return new SimReport("dissemination-crash", f);
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
