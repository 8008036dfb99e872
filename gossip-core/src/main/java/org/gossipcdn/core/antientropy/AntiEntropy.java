package org.gossipcdn.core.antientropy;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.gossipcdn.core.AntiEntropyConfig;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.Membership;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.DigestQuery;
import org.gossipcdn.core.message.DigestReply;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.KeyDigests;
import org.gossipcdn.core.message.KeyDigestsQuery;
import org.gossipcdn.core.message.StatesQuery;
import org.gossipcdn.core.message.Records;
import org.gossipcdn.core.message.RecordsPush;
import org.gossipcdn.core.message.RecordsQuery;
import org.gossipcdn.core.replica.Intake;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.time.Clock;
import org.gossipcdn.core.version.KeyState;

/**
 * Push-pull anti-entropy: every interval, compare the digest tree with one random data member
 * from the root down; for differing leaves compare (key, digest) pairs and pull only the differing
 * keys' states, merge them (content is
 * fetched and checked as for rumors), and push back what the peer lacks. The cost grows with
 * the difference, not with the data set.
 *
 * <p>A replica that re-syncs after an absence longer than tombstoneGrace only pulls, and drops
 * the keys its peer no longer has (they were deleted and purged meanwhile); it answers others'
 * queries with {@code ready = false} until done. See proposal 0003.
 *
 * <p>Not thread-safe: runs on the node's loop.
 */
public final class AntiEntropy {

    private static final Logger LOG = System.getLogger(AntiEntropy.class.getName());
    private static final int MAX_INDEXES_PER_QUERY = 4096;

    private final AntiEntropyConfig config;
    private final Membership membership;
    private final Replica replica;
    private final Intake intake;
    private final Exchange exchange;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Clock clock;
    private final Address selfAddress;
    private boolean running;
    private boolean sessionRunning;
    /** The peer of the running session said it is not a complete copy (an empty newcomer). */
    private boolean peerIncomplete;
    private long startedNanos;

    public AntiEntropy(AntiEntropyConfig config, Membership membership, Replica replica, Intake intake,
                       Exchange exchange, Scheduler scheduler, RandomGenerator random, Clock clock, Address selfAddress) {
        this.config = Objects.requireNonNull(config, "config");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.selfAddress = Objects.requireNonNull(selfAddress, "selfAddress");
    }

    public void start() {
        running = true;
        startedNanos = clock.monotonicNanos();
        scheduler.schedule(Duration.ofNanos(random.nextLong(config.interval().toNanos())), this::tick);
    }

    public void stop() {
        running = false;
    }

    private void tick() {
        if (!running) {
            return;
        }
        scheduler.schedule(config.interval(), this::tick);
        if (sessionRunning) {
            return;
        }
        List<Member> peers = membership.randomPeers(1, m -> m.role() == Role.DATA);
        if (peers.isEmpty()) {
            boolean waitedLongEnough = clock.monotonicNanos() - startedNanos > config.staleSyncTimeout().toNanos();
            if (!replica.isStale() || waitedLongEnough) {
                if (replica.isStale()) {
                    LOG.log(Level.WARNING, "no peer to re-sync with after {0}; serving local data as it is",
                            config.staleSyncTimeout());
                }
                replica.markAlone(); // alone, this replica is the cluster's state
            }
            return;
        }
        sessionRunning = true;
        peerIncomplete = false;
        Address peer = peers.get(0).address();
        compare(peer, 0, List.of(0)).whenComplete((complete, error) -> {
            sessionRunning = false;
            if (error == null && complete && !(replica.isStale() && peerIncomplete)) {
                replica.markInSync();
            } else if (error == null && complete && clock.monotonicNanos() - startedNanos > config.staleSyncTimeout().toNanos()) {
                LOG.log(Level.WARNING, "no complete peer to re-sync with after {0} (only newcomers answered); serving "
                        + "local data as it is", config.staleSyncTimeout());
                replica.markInSync();
            } else if (error != null) {
                LOG.log(Level.DEBUG, "anti-entropy with {0} stopped: {1}", peer, error.getMessage());
            }
        });
    }

    /**
     * Compares the nodes {@code indexes} of {@code level} with {@code peer}'s and descends into the
     * differing ones. Completes with true if the whole subtree was reconciled with a ready peer.
     */
    private CompletableFuture<Boolean> compare(Address peer, int level, List<Integer> indexes) {
        return queryDigests(peer, level, indexes, 0, new ArrayList<>()).thenCompose(differing -> {
            if (differing == null) {
                return CompletableFuture.completedFuture(false);
            }
            if (differing.isEmpty()) {
                return CompletableFuture.completedFuture(true);
            }
            if (level == DigestTree.LEAF_LEVEL) {
                return pullLeaves(peer, differing, 0);
            }
            List<Integer> next = new ArrayList<>(differing.size() * DigestTree.FANOUT);
            for (int i : differing) {
                next.addAll(DigestTree.children(level, i));
            }
            return compare(peer, level + 1, next);
        });
    }

    /** Asks for digests in chunks; completes with the differing indexes, or null if the peer is not ready. */
    private CompletableFuture<List<Integer>> queryDigests(Address peer, int level, List<Integer> indexes, int from,
                                                          List<Integer> differing) {
        if (from >= indexes.size()) {
            return CompletableFuture.completedFuture(differing);
        }
        List<Integer> chunk = indexes.subList(from, Math.min(indexes.size(), from + MAX_INDEXES_PER_QUERY));
        return exchange.call(peer, new DigestQuery(level, chunk), config.callTimeout()).thenCompose(reply -> {
            if (!reply.ready() || reply.digests().size() != chunk.size()) {
                return CompletableFuture.completedFuture(null);
            }
            DigestTree tree = replica.tree();
            for (int i = 0; i < chunk.size(); i++) {
                if (!tree.node(level, chunk.get(i)).equals(reply.digests().get(i))) {
                    differing.add(chunk.get(i));
                }
            }
            return queryDigests(peer, level, indexes, from + chunk.size(), differing);
        });
    }

    /**
     * For each batch of differing leaves: fetch the peer's (key, digest) pairs, then only the states
     * of keys whose digests differ, merge those, and push back the local states the peer lacks or
     * holds differently. A re-syncing node drops local keys the peer lacks instead of pushing.
     */
    private CompletableFuture<Boolean> pullLeaves(Address peer, List<Integer> leaves, int from) {
        if (!running) {
            return CompletableFuture.completedFuture(false); // stopped: a crashed node changes nothing more
        }
        if (from >= leaves.size()) {
            return CompletableFuture.completedFuture(true);
        }
        List<Integer> batch = List.copyOf(leaves.subList(from, Math.min(leaves.size(), from + config.maxLeavesPerQuery())));
        return exchange.call(peer, new KeyDigestsQuery(batch), config.callTimeout()).thenCompose(theirs -> {
            if (!theirs.ready()) {
                return CompletableFuture.completedFuture(false);
            }
            if (!theirs.synced()) {
                peerIncomplete = true;
            }
            Map<UUID, Digest> remote = new HashMap<>();
            for (KeyDigests.Entry e : theirs.entries()) {
                remote.put(e.key(), e.digest());
            }
            Map<UUID, KeyState> local = new HashMap<>();
            for (int leaf : batch) {
                for (KeyState s : replica.leafStates(leaf)) {
                    local.put(s.key(), s);
                }
            }
            List<UUID> wanted = new ArrayList<>();
            remote.forEach((key, digest) -> {
                KeyState mine = local.get(key);
                if (mine == null || !Digest.of(mine).equals(digest)) {
                    wanted.add(key);
                }
            });
            List<KeyState> toPush = new ArrayList<>();
            for (KeyState mine : local.values()) {
                Digest theirDigest = remote.get(mine.key());
                if (theirDigest == null && replica.isStale() && theirs.synced() && replica.hasOwnUnsyncedWrite(mine)) {
                    toPush.add(mine); // written here after the last sync: it may never have left this node
                } else if (theirDigest == null && replica.isStale() && theirs.synced()) {
                    LOG.log(Level.DEBUG, "re-sync drops {0}: the cluster deleted and purged it", mine.key());
                    replica.remove(mine.key());
                } else if (!replica.isStale() && (theirDigest == null || !theirDigest.equals(Digest.of(mine)))) {
                    toPush.add(mine);
                }
            }
            CompletableFuture<?> pulled = wanted.isEmpty() ? CompletableFuture.completedFuture(null)
                    : exchange.call(peer, new StatesQuery(wanted), config.callTimeout()).thenAccept(records -> {
                        if (records.ready()) {
                            for (KeyState s : records.states()) {
                                intake.offer(s, peer, false);
                            }
                        }
                    });
            CompletableFuture<?> pushed = toPush.isEmpty() ? pulled
                    : pulled.thenCompose(v -> exchange.call(peer, new RecordsPush(selfAddress, toPush), config.callTimeout()));
            return pushed.thenCompose(ok -> pullLeaves(peer, leaves, from + batch.size()));
        });
    }

    public GossipMessage onDigestQuery(DigestQuery query) {
        if (replica.isStale()) {
            return new DigestReply(false, List.of());
        }
        if (query.level() > DigestTree.LEAF_LEVEL || query.indexes().size() > MAX_INDEXES_PER_QUERY) {
            throw new IllegalArgumentException("digest query must have level <= " + DigestTree.LEAF_LEVEL
                    + " and at most " + MAX_INDEXES_PER_QUERY + " indexes");
        }
        DigestTree tree = replica.tree();
        return new DigestReply(true, query.indexes().stream().map(i -> tree.node(query.level(), i)).toList());
    }

    public GossipMessage onRecordsQuery(RecordsQuery query) {
        if (replica.isStale()) {
            return new Records(false, List.of());
        }
        checkLeaves(query.leaves());
        List<KeyState> states = new ArrayList<>();
        for (int leaf : query.leaves()) {
            states.addAll(replica.leafStates(leaf));
        }
        return new Records(true, states);
    }

    public GossipMessage onKeyDigestsQuery(KeyDigestsQuery query) {
        if (replica.isStale()) {
            return new KeyDigests(false, false, List.of());
        }
        checkLeaves(query.leaves());
        List<KeyDigests.Entry> entries = new ArrayList<>();
        for (int leaf : query.leaves()) {
            for (KeyState s : replica.leafStates(leaf)) {
                entries.add(new KeyDigests.Entry(s.key(), Digest.of(s)));
            }
        }
        return new KeyDigests(true, replica.isSynced(), entries);
    }

    public GossipMessage onStatesQuery(StatesQuery query) {
        if (replica.isStale()) {
            return new Records(false, List.of());
        }
        if (query.keys().size() > config.maxLeavesPerQuery() * 64) {
            throw new IllegalArgumentException("states query asks for " + query.keys().size() + " keys; at most "
                    + config.maxLeavesPerQuery() * 64 + " are served at once");
        }
        List<KeyState> states = new ArrayList<>();
        for (UUID key : query.keys()) {
            replica.state(key).ifPresent(states::add);
        }
        return new Records(true, states);
    }

    private void checkLeaves(List<Integer> leaves) {
        if (leaves.size() > config.maxLeavesPerQuery() * 4) {
            throw new IllegalArgumentException("query asks for " + leaves.size() + " leaves; at most "
                    + config.maxLeavesPerQuery() * 4 + " are served at once");
        }
        for (int leaf : leaves) {
            if (leaf < 0 || leaf >= DigestTree.LEAVES) {
                throw new IllegalArgumentException("leaf must be in 0.." + (DigestTree.LEAVES - 1) + ", was " + leaf);
            }
        }
    }

    public GossipMessage onRecordsPush(RecordsPush push) {
        for (KeyState s : push.states()) {
            intake.offer(s, push.from(), false);
        }
        return new Ack(0, List.of());
    }
}
