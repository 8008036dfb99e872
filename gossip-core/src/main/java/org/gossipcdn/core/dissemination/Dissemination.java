package org.gossipcdn.core.dissemination;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.Membership;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.replica.Assessment;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.MergeResult;
import org.gossipcdn.core.version.Sha256;

/**
 * Rumor spreading of records: each gossip tick pushes the fresh records to {@code fanout}
 * random data members; a receiver that learns something new fetches the content by hash from
 * the sender, lets the store check it against the hash, commits the record only then, and
 * forwards it while fresh. An epidemic: all N nodes hold a record after about log2 N + ln N ticks.
 *
 * <p>Not thread-safe: runs on the node's loop, except content writes, which run on the
 * transport's thread and hop back.
 */
public final class Dissemination {

    private static final Logger LOG = System.getLogger(Dissemination.class.getName());

    private final DisseminationConfig config;
    private final Membership membership;
    private final Replica replica;
    private final Exchange exchange;
    private final Scheduler scheduler;
    private final RandomGenerator random;
    private final Address selfAddress;
    private final Listener listener;
    private final RumorQueue queue = new RumorQueue();
    private final Map<Sha256, PendingFetch> fetching = new LinkedHashMap<>();
    private long untrustedDropped;
    private boolean running;

    /** Records waiting for one content hash, and where it may be fetched from. */
    private static final class PendingFetch {
        final Sha256 hash;
        final long size;
        /** Each waiting record, and whether to forward it once committed. */
        final Map<BlobRecord, Boolean> forward = new LinkedHashMap<>();
        final Set<Address> sources = new LinkedHashSet<>();
        int attempts;
        int generation;

        PendingFetch(Sha256 hash, long size) {
            this.hash = hash;
            this.size = size;
        }
    }

    public Dissemination(DisseminationConfig config, Membership membership, Replica replica, Exchange exchange,
                         Scheduler scheduler, RandomGenerator random, Address selfAddress, Listener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.membership = Objects.requireNonNull(membership, "membership");
        this.replica = Objects.requireNonNull(replica, "replica");
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.random = Objects.requireNonNull(random, "random");
        this.selfAddress = Objects.requireNonNull(selfAddress, "selfAddress");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public void start() {
        running = true;
        long tick = config.gossipTick().toNanos();
        scheduler.schedule(Duration.ofNanos(random.nextLong(tick)), this::tick);
    }

    public void stop() {
        running = false;
    }

    /** Queues a record committed here (a local write or a fresh rumor) for pushing. */
    public void publish(BlobRecord record) {
        queue.add(record, ticksPerRumor());
    }

    /** Pushes per tick: about λ·ceil(log10(N+1)) transmissions spread over fanout peers a tick. */
    int ticksPerRumor() {
        int transmissions = config.retransmitMultiplier() * (int) Math.ceil(Math.log10(membership.liveCount() + 1.0));
        return Math.max(1, (transmissions + config.fanout() - 1) / config.fanout());
    }

    private void tick() {
        if (!running) {
            return;
        }
        scheduler.schedule(config.gossipTick(), this::tick);
        replica.sweep();
        if (queue.isEmpty()) {
            return;
        }
        List<Member> peers = membership.randomPeers(config.fanout(), m -> m.role() == Role.DATA);
        if (peers.isEmpty()) {
            return;
        }
        List<BlobRecord> batch = queue.take(config.maxRecordsPerMessage());
        for (Member peer : peers) {
            exchange.call(peer.address(), new Rumor(selfAddress, batch, membership.piggyback()), config.gossipTick().multipliedBy(5))
                    .thenAccept(resp -> {
                        if (resp instanceof Ack ack) {
                            membership.mergeAll(ack.updates());
                        }
                    });
        }
    }

    public GossipMessage onRumor(Rumor rumor) {
        membership.mergeAll(rumor.updates());
        for (BlobRecord r : rumor.records()) {
            offer(r, rumor.from(), true);
        }
        return new Ack(0, membership.piggyback());
    }

    /**
     * Offers a record learned from {@code source}: committed at once if its content is here,
     * otherwise after its content is fetched and verified. With {@code forward}, a record that
     * changed this replica is pushed on while fresh.
     */
    public void offer(BlobRecord record, Address source, boolean forward) {
        switch (replica.assess(record)) {
            case Assessment.Untrusted u -> {
                untrustedDropped++;
                // WARNING for the 1st, 2nd, 4th, 8th… drop: a flood of forged records costs log2(n) lines, not n
                Level level = Long.bitCount(untrustedDropped) == 1 ? Level.WARNING : Level.DEBUG;
                LOG.log(level, "dropped record {0} {1} from {2}: {3} ({4} untrusted records dropped so far; "
                        + "warned at powers of two)", record.key(), record.version(), source, u.reason(), untrustedDropped);
                listener.onUntrustedRecord(record, source, u.reason());
                return;
            }
            case Assessment.NoChange n -> {
                return;
            }
            case Assessment.Changes c -> { }
        }
        if (!record.hasContent() || replica.store().hasContent(record.contentHash())) {
            commit(record, forward);
            return;
        }
        PendingFetch pending = fetching.get(record.contentHash());
        boolean fresh = pending == null;
        if (fresh) {
            pending = new PendingFetch(record.contentHash(), record.size());
            fetching.put(record.contentHash(), pending);
        }
        pending.forward.merge(record, forward, Boolean::logicalOr);
        pending.sources.add(source);
        if (fresh) {
            fetch(pending);
        }
    }

    private void commit(BlobRecord record, boolean forward) {
        MergeResult result = replica.merge(record);
        if (forward && result instanceof MergeResult.Applied) {
            publish(record);
        }
    }

    private void fetch(PendingFetch pending) {
        List<Address> sources = new ArrayList<>(pending.sources);
        Address source = sources.get(pending.attempts % sources.size());
        pending.attempts++;
        int generation = ++pending.generation;
        Store store = replica.store();
        // An answer normally starts within a round trip; the size term allows 10 MB/s on big blobs.
        Duration timeout = config.gossipTick().multipliedBy(5).plusMillis(pending.size / 10_000);
        Scheduler.Cancellable timer = scheduler.schedule(timeout, () -> fetchFailed(pending, generation, "timed out"));
        exchange.transport().fetchContent(source, pending.hash)
                .thenApply(in -> storeFetched(store, in, pending.size))
                .whenComplete((stored, error) -> scheduler.execute(() -> {
                    timer.cancel();
                    if (error != null) {
                        fetchFailed(pending, generation, String.valueOf(error.getMessage()));
                    } else if (!stored.hash().equals(pending.hash)) {
                        for (BlobRecord r : pending.forward.keySet()) {
                            listener.onContentMismatch(r);
                        }
                        LOG.log(Level.WARNING, "content from {0} hashed to {1}, its record says {2}: discarded",
                                source, stored.hash(), pending.hash);
                        fetchFailed(pending, generation, "hash mismatch");
                    } else {
                        fetched(pending, generation);
                    }
                }));
    }

    /** Runs on the transport's thread: streams the bytes into the store, which hashes them. */
    private static Store.StoredContent storeFetched(Store store, InputStream in, long size) {
        try (in) {
            return store.putContent(in, size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fetched(PendingFetch pending, int generation) {
        if (generation != pending.generation || fetching.get(pending.hash) != pending) {
            return;
        }
        fetching.remove(pending.hash);
        pending.forward.forEach(this::commit);
    }

    private void fetchFailed(PendingFetch pending, int generation, String why) {
        if (generation != pending.generation || fetching.get(pending.hash) != pending) {
            return;
        }
        pending.generation++;
        // Every source that offered the record gets a try, and each at least fetchAttempts in all.
        int budget = config.fetchAttempts() * Math.max(1, Math.min(pending.sources.size(), 4));
        if (pending.attempts >= budget || !running) {
            fetching.remove(pending.hash);
            LOG.log(Level.DEBUG, "gave up fetching {0} ({1}); anti-entropy will bring it", pending.hash, why);
            return;
        }
        fetch(pending);
    }

    /** How many records wait to be pushed; for status pages. */
    public int queued() {
        return queue.size();
    }
}
