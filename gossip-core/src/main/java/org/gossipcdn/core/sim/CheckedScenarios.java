package org.gossipcdn.core.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.replica.ReplicaConfig;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.sim.check.Verdict;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;

/**
 * The scenarios judged by the independent checker ({@link SimHistory}, {@link
 * org.gossipcdn.core.sim.check.ReferenceModel}): each runs a workload under a nemesis, heals, lets
 * the cluster settle and reports {@code lost_writes}, {@code diverged_keys}, {@code resurrected},
 * {@code kept_expired_not_dropped} and {@code errors}, all of which must be 0. Each is a pure
 * function of its parameters, seed included.
 */
final class CheckedScenarios {

    /** The greatest tick whose packed form still orders correctly (a wall of 2^48-1 packs negative). */
    private static final Hlc FAR_FUTURE = new Hlc(Long.MAX_VALUE >>> 16, Hlc.MAX_COUNTER);

    private CheckedScenarios() {
    }

    /** One run: the cluster, its history, the seeded random and the scenario's config. */
    private static final class Run {
        final SimScenarios.Params p;
        final GossipConfig config;
        final SimCluster cluster;
        final SimHistory history = new SimHistory();
        final SplittableRandom random;
        final Map<String, Object> fields = new LinkedHashMap<>();

        Run(SimScenarios.Params p, GossipConfig config) {
            this.p = p;
            this.config = config;
            this.cluster = new SimCluster(p.seed(), p.nodes(), config, i -> Listener.NONE);
            this.random = new SplittableRandom(p.seed()).split(); // not the scenarios' own stream of this seed
            cluster.network().setLoss(p.loss());
            fields.put("nodes", p.nodes());
            fields.put("loss", p.loss());
            fields.put("seed", p.seed());
        }

        UUID newKey() {
            return new UUID(random.nextLong(), random.nextLong());
        }

        byte[] body() {
            byte[] b = new byte[32];
            random.nextBytes(b);
            return b;
        }

        int anyLive(List<Integer> among) {
            List<Integer> live = among.stream().filter(cluster::isUp).toList();
            return live.get(random.nextInt(live.size()));
        }

        WriteOutcome write(int node, UUID key) {
            return attempt(node, () -> cluster.write(node, key, body()));
        }

        WriteOutcome delete(int node, UUID key) {
            return attempt(node, () -> cluster.delete(node, key));
        }

        WriteOutcome writeSigned(int node, UUID key, byte[] content, SimOwner owner) {
            return attempt(node, () -> cluster.writeSigned(node, key, content, owner));
        }

        /**
         * Runs one client request and records it if acknowledged. A request that fails (a 500 at
         * the API) or gets no answer is counted in {@code errors}; it is not acknowledged.
         */
        WriteOutcome attempt(int node, Supplier<WriteOutcome> request) {
            try {
                return history.record(request.get());
            } catch (CompletionException | IllegalStateException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                cluster.network().error("node-" + node + " failed a client write: " + cause);
                return new WriteOutcome.Unavailable(String.valueOf(cause));
            }
        }

        void run(Duration d) {
            cluster.network().runFor(d);
        }

        /** Runs until every live node has one digest root, then one full sweep and a few seconds more. */
        boolean settle(Duration max) {
            boolean converged = cluster.network().runUntil(cluster::converged, Duration.ofMillis(500), max);
            run(SimHistory.rules(config).sweep().plusSeconds(5));
            cluster.network().runUntil(() -> contentGaps()[1] == 0, Duration.ofMillis(500), max);
            return converged;
        }

        SimReport report(String name, Verdict verdict) {
            fields.putAll(SimHistory.fields(verdict, cluster.network()));
            int[] gaps = contentGaps();
            fields.put("lost_blobs", gaps[0]);
            fields.put("under_replicated", gaps[1]);
            return new SimReport(name, fields);
        }

        /**
         * {lost, under-replicated}: content named by a version some live node keeps that no live
         * node stores, or that fewer than min(R, live nodes) live nodes store.
         */
        int[] contentGaps() {
            List<Integer> live = cluster.live();
            int required = Math.min(config.placement().replicas(), live.size());
            Set<Sha256> named = new HashSet<>();
            for (int i : live) {
                for (int leaf : leavesOf(cluster.member(i).store)) {
                    for (KeyState state : cluster.member(i).store.leafStates(leaf)) {
                        for (BlobRecord r : state.heads()) {
                            if (r.hasContent()) {
                                named.add(r.contentHash());
                            }
                        }
                    }
                }
            }
            int lost = 0;
            int under = 0;
            for (Sha256 hash : named) {
                int copies = 0;
                for (int i : live) {
                    if (cluster.member(i).store.hasContent(hash)) {
                        copies++;
                    }
                }
                lost += copies == 0 ? 1 : 0;
                under += copies < required ? 1 : 0;
            }
            return new int[] {lost, under};
        }

        private static List<Integer> leavesOf(Store store) {
            List<Integer> leaves = new ArrayList<>();
            store.forEachLeafDigest((leaf, digest) -> leaves.add(leaf));
            return leaves;
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(i);
        }
        return out;
    }

    private static Set<Address> addresses(SimCluster cluster, List<Integer> nodes) {
        Set<Address> out = new HashSet<>();
        nodes.forEach(i -> out.add(cluster.member(i).address));
        return out;
    }

    private static GossipConfig withReplica(ReplicaConfig r) {
        return GossipConfig.defaults().withReplica(r);
    }

    /**
     * Two halves split for 2× and then 10× the tombstone grace (20 s), with deletes on both sides:
     * some keys deleted on one side, some on both, some deleted on one side and written on the
     * other, some written on both; and two owned keys whose owner deletes them on one side, where,
     * once the delete is purged, a second owner writes them first (the key is free again, proposal
     * 0010). After each heal the cluster settles; then the model judges.
     */
    static SimReport longPartition(SimScenarios.Params p) {
        Duration grace = Duration.ofSeconds(20);
        ReplicaConfig d = ReplicaConfig.defaults();
        Run run = new Run(p, withReplica(new ReplicaConfig(d.maxClockDrift(), d.conflictRetention(), d.maxLosersPerKey(),
                grace, 4096)));
        SimCluster cluster = run.cluster;
        cluster.startAll(true);
        run.run(Duration.ofSeconds(3));
        List<Integer> left = range(0, p.nodes() / 2);
        List<Integer> right = range(p.nodes() / 2, p.nodes());
        SimOwner owner = new SimOwner(p.seed());
        SimOwner next = new SimOwner(p.seed() + 1);
        boolean converged = true;
        for (int factor : new int[] {2, 10}) {
            List<UUID> owned = List.of(run.newKey(), run.newKey());
            for (UUID key : owned) {
                run.writeSigned(run.anyLive(range(0, p.nodes())), key, run.body(), owner);
            }
            List<UUID> keys = new ArrayList<>();
            for (int k = 0; k < 12; k++) {
                UUID key = run.newKey();
                keys.add(key);
                run.write(run.anyLive(range(0, p.nodes())), key);
            }
            run.run(Duration.ofSeconds(10));
            long splitAt = cluster.network().nowNanos();
            cluster.network().partition(List.of(addresses(cluster, left)));
            run.run(Duration.ofSeconds(1));
            for (int k = 0; k < 3; k++) {
                run.delete(run.anyLive(left), keys.get(k));
                run.delete(run.anyLive(right), keys.get(3 + k));
            }
            for (int k = 6; k < 8; k++) {
                run.delete(run.anyLive(left), keys.get(k));
                run.write(run.anyLive(right), keys.get(k));
            }
            run.delete(run.anyLive(left), keys.get(8));
            run.delete(run.anyLive(right), keys.get(8));
            for (int k = 9; k < 12; k++) {
                run.write(run.anyLive(left), keys.get(k));
                run.write(run.anyLive(right), keys.get(k));
            }
            for (UUID key : owned) {
                run.writeSigned(run.anyLive(left), key, null, owner);
            }
            // past the grace period; the owned deletes stay while the right side is away (proposal 0003), so the
            // second owner's first writes below are refused (403) until the deletes are purged after the heal
            run.run(grace.plus(SimHistory.rules(run.config).sweep()).plusSeconds(5));
            for (UUID key : owned) {
                run.writeSigned(run.anyLive(left), key, run.body(), next);
            }
            long elapsed = cluster.network().nowNanos() - splitAt;
            run.run(grace.multipliedBy(factor).minusNanos(elapsed));
            cluster.network().heal();
            converged &= run.settle(Duration.ofMinutes(5));
        }
        run.fields.put("grace_seconds", grace.toSeconds());
        run.fields.put("partitions_seconds", "2x=" + 2 * grace.toSeconds() + ",10x=" + 10 * grace.toSeconds());
        run.fields.put("converged", converged);
        return run.report("long-partition", run.history.judge(cluster, run.config));
    }

    /**
     * Concurrent writes leave losers (retention 30 s, drift 4 s, clocks spread within the drift);
     * they must be kept while young and gone from every node once past retention + drift + one
     * sweep, with nodes crashed across the expiry and restarted after it.
     */
    static SimReport retention(SimScenarios.Params p) {
        Duration drift = Duration.ofSeconds(4);
        Duration retention = Duration.ofSeconds(30);
        ReplicaConfig d = ReplicaConfig.defaults();
        Run run = new Run(p, withReplica(new ReplicaConfig(drift, retention, d.maxLosersPerKey(), d.tombstoneGrace(), 4096)));
        SimCluster cluster = run.cluster;
        for (int i = 0; i < p.nodes(); i++) {
            cluster.clockOffset(i, Duration.ofMillis(run.random.nextLong(-drift.toMillis() / 2, drift.toMillis() / 2 + 1)));
        }
        cluster.startAll(true);
        run.run(Duration.ofSeconds(3));
        List<Integer> all = range(0, p.nodes());
        List<UUID> keys = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            UUID key = run.newKey();
            keys.add(key);
            run.write(run.anyLive(all), key);
        }
        run.run(Duration.ofSeconds(5));
        List<Integer> left = range(0, p.nodes() / 2);
        List<Integer> right = range(p.nodes() / 2, p.nodes());
        cluster.network().partition(List.of(addresses(cluster, left)));
        for (UUID key : keys) {
            run.write(run.anyLive(left), key);
            run.write(run.anyLive(right), key);
        }
        run.run(Duration.ofSeconds(1));
        cluster.network().heal();
        cluster.network().runUntil(cluster::converged, Duration.ofMillis(500), Duration.ofSeconds(15));
        Verdict young = run.history.judge(cluster, run.config);
        int early = run.random.nextInt(p.nodes());
        int late = (early + 1 + run.random.nextInt(p.nodes() - 1)) % p.nodes();
        cluster.crash(early);
        cluster.crash(late);
        run.run(retention.minusSeconds(5));
        cluster.restart(early); // back before expiry, holding the losers
        Duration bound = Duration.ofMillis(SimHistory.rules(run.config).expiredAfterMillis());
        run.run(bound.minus(retention).plusSeconds(10));
        cluster.restart(late); // back after expiry, still holding the losers
        boolean converged = run.settle(Duration.ofMinutes(2));
        Verdict old = run.history.judge(cluster, run.config);
        run.fields.put("retention_seconds", retention.toSeconds());
        run.fields.put("drift_seconds", drift.toSeconds());
        run.fields.put("lost_while_young", young.lostWrites());
        run.fields.put("converged", converged);
        return run.report("retention", young.plus(old));
    }

    /**
     * A node's HLC runs ahead of its wall clock (it saw a peer 40 s ahead, within the drift); it
     * writes, crashes, restarts at once and writes the same key again; the model says the later
     * write must win.
     */
    static SimReport restartSkew(SimScenarios.Params p) {
        Run run = new Run(p, GossipConfig.defaults());
        SimCluster cluster = run.cluster;
        cluster.clockOffset(0, Duration.ofSeconds(40));
        for (int i = 1; i < p.nodes(); i++) {
            cluster.clockOffset(i, Duration.ofMillis(run.random.nextLong(-5000, 5001)));
        }
        cluster.startAll(true);
        run.run(Duration.ofSeconds(5));
        int refused = 0;
        for (int k = 0; k < 6; k++) {
            UUID key = run.newKey();
            run.write(0, key);
            run.run(Duration.ofSeconds(2));
            int x = 1 + run.random.nextInt(p.nodes() - 1);
            run.write(x, key);
            run.run(Duration.ofSeconds(1));
            cluster.crash(x);
            run.run(Duration.ofSeconds(2));
            cluster.restart(x);
            WriteOutcome out = run.write(x, key);
            for (int tries = 0; out instanceof WriteOutcome.Unavailable && tries < 120; tries++) {
                refused++;
                run.run(Duration.ofMillis(500));
                out = run.write(x, key);
            }
            run.run(Duration.ofSeconds(2));
            run.write(run.anyLive(range(0, p.nodes())), run.newKey());
        }
        boolean converged = run.settle(Duration.ofMinutes(2));
        run.fields.put("skew_seconds", 40);
        run.fields.put("refused_after_restart", refused);
        run.fields.put("converged", converged);
        return run.report("restart-skew", run.history.judge(cluster, run.config));
    }

    /**
     * An owner writes its keys from two clients (concurrent versions); a member holding the cluster
     * key then gossips a copy of a signed winner with a forged causal context, a record signed by
     * another key claiming the key later, replays of the owner's overwritten records and an
     * unsigned record with a future version; the owner goes on writing. Nothing forged may count.
     */
    static SimReport forged(SimScenarios.Params p) {
        Run run = new Run(p, GossipConfig.defaults());
        SimCluster cluster = run.cluster;
        SimOwner owner = new SimOwner(p.seed());
        SimOwner intruder = new SimOwner(p.seed() + 1);
        SimForger forger = new SimForger(cluster.network(), new Address("forger", 7000));
        cluster.startAll(true);
        run.run(Duration.ofSeconds(3));
        List<Integer> all = range(0, p.nodes());
        List<UUID> keys = new ArrayList<>();
        Map<UUID, BlobRecord> first = new TreeMap<>();
        for (int k = 0; k < 8; k++) {
            UUID key = run.newKey();
            keys.add(key);
            WriteOutcome out = run.writeSigned(run.anyLive(all), key, run.body(), owner);
            if (out instanceof WriteOutcome.Written w) {
                first.put(key, w.record());
            }
        }
        run.run(Duration.ofSeconds(3));
        SimOwner secondClient = owner.client(1);
        for (UUID key : keys) { // two clients of the owner at two nodes, before either write spreads
            run.writeSigned(run.anyLive(all), key, run.body(), owner);
            run.writeSigned(run.anyLive(all), key, run.body(), secondClient);
        }
        run.run(Duration.ofSeconds(3));
        int sent = 0;
        for (int k = 0; k < keys.size(); k++) {
            UUID key = keys.get(k);
            KeyState held = cluster.state(run.anyLive(all), key).orElse(null);
            if (held == null) {
                continue;
            }
            BlobRecord winner = held.winner();
            List<BlobRecord> forgeries = new ArrayList<>();
            switch (k % 4) {
                case 0 -> forgeries.add(new BlobRecord(key, winner.version(), winner.tombstone(), winner.contentHash(),
                        winner.size(), winner.contentType(), CausalContext.of(Map.of(owner.id(), FAR_FUTURE)), winner.owner()));
                case 1 -> {
                    byte[] body = run.body();
                    var hash = forger.content(body);
                    Version v = new Version(new Hlc(cluster.wallMillis(0) + 1000, 0), intruder.id());
                    forgeries.add(new BlobRecord(key, v, false, hash, body.length, BlobRecord.DEFAULT_CONTENT_TYPE,
                            held.contextForNextWrite()).signed(intruder.signature(key, v, false, hash, body.length,
                            BlobRecord.DEFAULT_CONTENT_TYPE, held.contextForNextWrite(), v)));
                }
                case 2 -> {
                    if (first.containsKey(key)) {
                        forgeries.add(first.get(key));
                    }
                }
                default -> {
                    byte[] body = run.body();
                    var hash = forger.content(body);
                    Version v = new Version(new Hlc(cluster.wallMillis(0) + 30_000, 0), NodeId.random(run.random));
                    forgeries.add(new BlobRecord(key, v, false, hash, body.length, BlobRecord.DEFAULT_CONTENT_TYPE,
                            held.contextForNextWrite()));
                }
            }
            for (int t = 0; t < 3; t++) {
                forger.push(cluster.member(run.random.nextInt(p.nodes())).address, forgeries);
                sent += forgeries.size();
            }
        }
        run.run(Duration.ofSeconds(5));
        for (UUID key : keys) { // the owner goes on writing
            run.writeSigned(run.anyLive(all), key, run.body(), owner);
            run.run(Duration.ofMillis(300));
        }
        boolean converged = run.settle(Duration.ofMinutes(2));
        run.fields.put("forged_records_sent", sent);
        run.fields.put("converged", converged);
        return run.report("forged", run.history.judge(cluster, run.config));
    }

    /**
     * A seeded nemesis schedule: partitions, crashes and restarts (a majority stays up), clock
     * offsets within the drift, message loss, while clients write and delete plain keys and an
     * owner writes its keys from two clients, with a second owner racing some first writes. Then
     * everything heals, every node restarts, the cluster settles and the model judges.
     */
    static SimReport random(SimScenarios.Params p) {
        Duration length = p.duration() == null ? Duration.ofSeconds(60) : p.duration();
        Run run = new Run(p, GossipConfig.defaults());
        SimCluster cluster = run.cluster;
        SimOwner owner = new SimOwner(p.seed());
        SimOwner rival = new SimOwner(p.seed() + 1);
        long driftMillis = run.config.replica().maxClockDrift().toMillis();
        cluster.startAll(true);
        run.run(Duration.ofSeconds(3));
        List<Integer> all = range(0, p.nodes());
        List<UUID> plain = new ArrayList<>();
        List<UUID> owned = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            plain.add(run.newKey());
        }
        for (int k = 0; k < 4; k++) {
            owned.add(run.newKey());
        }
        Map<String, Integer> events = new TreeMap<>();
        long end = cluster.network().nowNanos() + length.toNanos();
        while (cluster.network().nowNanos() < end) {
            if (run.random.nextInt(12) == 0) {
                String event = nemesis(run);
                events.merge(event, 1, Integer::sum);
            }
            int node = run.anyLive(all);
            int dice = run.random.nextInt(16);
            if (dice < 3) {
                UUID key = owned.get(run.random.nextInt(owned.size()));
                SimOwner who = dice == 2 && run.random.nextInt(4) == 0 ? rival : owner;
                run.writeSigned(node, key, run.random.nextInt(10) == 0 ? null : run.body(), who);
            } else if (dice < 5) {
                run.delete(node, plain.get(run.random.nextInt(plain.size())));
            } else {
                run.write(node, plain.get(run.random.nextInt(plain.size())));
            }
            run.run(Duration.ofMillis(50 + run.random.nextInt(300)));
        }
        cluster.network().heal();
        cluster.network().setLoss(p.loss());
        for (int i = 0; i < p.nodes(); i++) {
            if (!cluster.isUp(i)) {
                cluster.restart(i);
            }
        }
        boolean converged = run.settle(Duration.ofMinutes(5));
        run.fields.put("seconds", length.toSeconds());
        run.fields.put("nemesis", events.toString());
        run.fields.put("converged", converged);
        run.fields.put("drift_seconds", driftMillis / 1000);
        return run.report("random", run.history.judge(cluster, run.config));
    }

    /** One nemesis event drawn from the run's random; returns its name. */
    private static String nemesis(Run run) {
        SimCluster cluster = run.cluster;
        int n = cluster.size();
        long driftMillis = run.config.replica().maxClockDrift().toMillis();
        switch (run.random.nextInt(6)) {
            case 0 -> {
                List<Integer> side = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (run.random.nextBoolean()) {
                        side.add(i);
                    }
                }
                cluster.network().partition(List.of(addresses(cluster, side)));
                return "partition";
            }
            case 1 -> {
                cluster.network().heal();
                return "heal";
            }
            case 2 -> {
                if (cluster.live().size() - 1 > n / 2) {
                    cluster.crash(run.anyLive(range(0, n)));
                    return "crash";
                }
                return "crash-skipped";
            }
            case 3 -> {
                for (int i = 0; i < n; i++) {
                    if (!cluster.isUp(i)) {
                        cluster.restart(i);
                        return "restart";
                    }
                }
                return "restart-skipped";
            }
            case 4 -> {
                cluster.clockOffset(run.random.nextInt(n), Duration.ofMillis(run.random.nextLong(-driftMillis / 2, driftMillis / 2 + 1)));
                return "clock";
            }
            default -> {
                double[] losses = {0, 0.02, 0.05, 0.1};
                cluster.network().setLoss(losses[run.random.nextInt(losses.length)]);
                return "loss";
            }
        }
    }
}
