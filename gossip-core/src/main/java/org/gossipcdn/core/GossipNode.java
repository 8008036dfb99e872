package org.gossipcdn.core;

import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.gossipcdn.core.antientropy.AntiEntropy;
import org.gossipcdn.core.antientropy.TombstonePurge;
import org.gossipcdn.core.dissemination.Dissemination;
import org.gossipcdn.core.dissemination.RecordSource;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Membership;
import org.gossipcdn.core.membership.Removal;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.DigestQuery;
import org.gossipcdn.core.message.DigestReply;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Graft;
import org.gossipcdn.core.message.HasQuery;
import org.gossipcdn.core.message.IHave;
import org.gossipcdn.core.message.HasReply;
import org.gossipcdn.core.message.KeyDigests;
import org.gossipcdn.core.message.KeyDigestsQuery;
import org.gossipcdn.core.message.Nack;
import org.gossipcdn.core.message.StatesQuery;
import org.gossipcdn.core.message.Ping;
import org.gossipcdn.core.message.PingReq;
import org.gossipcdn.core.message.Push;
import org.gossipcdn.core.message.PushPull;
import org.gossipcdn.core.message.RecordId;
import org.gossipcdn.core.message.Request;
import org.gossipcdn.core.message.Records;
import org.gossipcdn.core.message.RecordsPush;
import org.gossipcdn.core.message.RecordsQuery;
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.placement.ContentRelease;
import org.gossipcdn.core.placement.Placement;
import org.gossipcdn.core.placement.Rebalancer;
import org.gossipcdn.core.replica.Intake;
import org.gossipcdn.core.replica.Precondition;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.replica.SignedWrite;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.EdgeCache;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.spi.Scheduler;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.spi.Transport;
import org.gossipcdn.core.time.Clock;
import org.gossipcdn.core.time.ClockSkew;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;

/**
 * One member of a Gossip CDN network, the entry point for embedders. It wires membership,
 * dissemination, anti-entropy and the replica onto one event loop, and answers the calls its
 * {@link Transport} delivers.
 *
 * <p>Everything from the outside world comes through the constructor: {@link Clock},
 * {@link Scheduler}, {@link RandomGenerator}, {@link Transport}, {@link Store}, {@link Listener}.
 * The same code runs on the network and in the simulator.
 *
 * <p>Threading: every public method may be called from any thread. Mutations hop onto the loop
 * and return futures completed there; reads of blobs go to the store directly.
 */
public final class GossipNode implements MessageHandler {

    private static final Logger LOG = System.getLogger(GossipNode.class.getName());
    static final String META_NODE_ID = "node-id";
    static final String META_INCARNATION = "incarnation";
    static final String META_HLC_CEILING = "hlc-ceiling";

    private final GossipConfig config;
    private final NodeId id;
    private final Role role;
    private final Scheduler scheduler;
    private final Store store;
    private final Exchange exchange;
    private final Replica replica;
    private final Membership membership;
    private final Dissemination dissemination;
    private final AntiEntropy antiEntropy;
    private final Intake intake;
    private final TombstonePurge purge;
    private final Placement placement;
    private final Rebalancer rebalancer;
    private final ContentRelease release;
    private final EdgeCache cache;
    private final ClockSkew skew;

    public GossipNode(GossipConfig config, NodeId id, Address address, Role role, Clock clock, Scheduler scheduler,
                      RandomGenerator random, Transport transport, Store store, Listener listener) {
        this(config, id, address, role, clock, scheduler, random, transport, store, listener, EdgeCache.NONE);
    }

    /** @param cache where content this node does not hold is kept for readers (placement); {@link EdgeCache#NONE} keeps none */
    public GossipNode(GossipConfig config, NodeId id, Address address, Role role, Clock clock, Scheduler scheduler,
                      RandomGenerator random, Transport transport, Store store, Listener listener, EdgeCache cache) {
        this.config = Objects.requireNonNull(config, "config");
        this.role = Objects.requireNonNull(role, "role");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.store = Objects.requireNonNull(store, "store");
        this.id = Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        this.exchange = new Exchange(transport, scheduler, listener);
        long hlcCeiling = store.meta(META_HLC_CEILING).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
        HlcClock hlc = new HlcClock(clock, config.replica().maxClockDrift(), hlcCeiling,
                c -> store.putMeta(META_HLC_CEILING, ByteBuffer.allocate(8).putLong(c).array()));
        ClockSkew skew = new ClockSkew();
        this.skew = skew;
        this.placement = new Placement(id, config.placement().replicas(), this::knownMembers);
        this.replica = new Replica(id, store, hlc, config.replica(), listener, skew, placement::isHolder);
        long incarnation = store.meta(META_INCARNATION).map(b -> ByteBuffer.wrap(b).getLong() + 1).orElse(0L);
        saveIncarnation(incarnation);
        Member self = new Member(id, address, role, MemberStatus.ALIVE, incarnation, config.placement().capacity());
        this.membership = new Membership(self, config.membership(), exchange, scheduler, random, clock, listener,
                this::saveIncarnation, skew, replica::markRemoved);
        this.dissemination = new Dissemination(config.dissemination(), membership, exchange, scheduler, random, address,
                new ReplicaRecords());
        Duration fetchTimeout = config.dissemination().gossipTick().multipliedBy(5);
        this.intake = new Intake(replica, exchange, scheduler, listener, fetchTimeout,
                config.dissemination().fetchAttempts(), dissemination::publish, this::contentSources);
        this.antiEntropy = new AntiEntropy(config.antiEntropy(), membership, replica, intake, exchange,
                scheduler, random, clock, address);
        this.purge = new TombstonePurge(replica, membership, exchange, scheduler, config.dissemination().gossipTick(),
                config.antiEntropy().callTimeout());
        this.cache = Objects.requireNonNull(cache, "cache");
        this.release = new ContentRelease(store, placement, cache);
        this.rebalancer = new Rebalancer(config.placement(), placement, replica, intake, exchange, scheduler,
                cache, release, id, config.dissemination().gossipTick(), config.antiEntropy().callTimeout());
        transport.bind(this);
    }

    /** The id kept in {@code store}, or a new one drawn from {@code random} and kept there. */
    public static NodeId loadOrCreateId(Store store, RandomGenerator random) {
        Optional<byte[]> stored = store.meta(META_NODE_ID);
        if (stored.isPresent()) {
            ByteBuffer b = ByteBuffer.wrap(stored.get());
            return new NodeId(b.getLong(), b.getLong());
        }
        NodeId id = NodeId.random(random);
        store.putMeta(META_NODE_ID, ByteBuffer.allocate(16).putLong(id.high()).putLong(id.low()).array());
        return id;
    }

    private void saveIncarnation(long incarnation) {
        store.putMeta(META_INCARNATION, ByteBuffer.allocate(8).putLong(incarnation).array());
    }

    /** Starts the protocol and joins through {@code seeds} (addresses of any members; may be empty). */
    public void start(List<Address> seeds) {
        List<Address> copy = List.copyOf(seeds);
        scheduler.execute(() -> {
            LOG.log(Level.INFO, "{0} starting as {1} at {2}, {3} seeds, config {4}", membership.self().id().shortId(),
                    role, membership.self().address(), copy.size(), config);
            membership.start(copy);
            if (role == Role.DATA) {
                dissemination.start();
                antiEntropy.start();
                purge.start();
                rebalancer.start();
            }
        });
    }

    /** Takes members known from elsewhere (e.g. a snapshot of a running network) without gossiping them. */
    public void learn(List<Member> members) {
        List<Member> copy = List.copyOf(members);
        scheduler.execute(() -> membership.learn(copy));
    }

    /** Asks more addresses for their member lists (e.g. a bootstrap's sample); completes with how many answered. */
    public CompletableFuture<Integer> join(List<Address> seeds) {
        return onLoop(() -> membership.join(List.copyOf(seeds))).thenCompose(f -> f);
    }

    /** Leaves gracefully: tells a few members, then stops the protocol. */
    public CompletableFuture<Void> leave() {
        return onLoop(() -> {
            replica.markLeaving();
            return membership.leave();
        }).thenCompose(f -> f).whenComplete((v, e) -> stop());
    }

    /**
     * Force-leave (proposal 0019): marks member {@code id} LEFT across the network, e.g. a dead node
     * that will not come back, so deletes stop waiting for it. A live or suspect member is refused
     * unless {@code force}.
     */
    public CompletableFuture<Removal> remove(NodeId member, boolean force) {
        Objects.requireNonNull(member, "member");
        return onLoop(() -> membership.remove(member, force));
    }

    /** Stops every periodic task without telling anyone (a crash, as peers see it). */
    public void stop() {
        scheduler.execute(() -> {
            membership.stop();
            dissemination.stop();
            antiEntropy.stop();
            purge.stop();
            rebalancer.stop();
            intake.stop();
        });
    }

    // ---- the blob API ----------------------------------------------------------------------

    /** Writes {@code key} to point at content already stored (see {@link Store#putContent}). */
    public CompletableFuture<WriteOutcome> write(UUID key, Store.StoredContent content, String contentType,
                                                 Precondition precondition) {
        Objects.requireNonNull(content, "content");
        return commit(key, false, content.hash(), content.size(), contentType, precondition, null);
    }

    /** Writes {@code key} with the owner's signature (see {@link SignedWrite}); an owned key takes only these. */
    public CompletableFuture<WriteOutcome> write(UUID key, Store.StoredContent content, String contentType,
                                                 Precondition precondition, SignedWrite signed) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(signed, "signed");
        return commit(key, false, content.hash(), content.size(), contentType, precondition, signed);
    }

    /** Deletes {@code key} by writing a tombstone. */
    public CompletableFuture<WriteOutcome> delete(UUID key, Precondition precondition) {
        return commit(key, true, Sha256.EMPTY, 0, BlobRecord.DEFAULT_CONTENT_TYPE, precondition, null);
    }

    /** Deletes {@code key} with a tombstone signed by its owner. */
    public CompletableFuture<WriteOutcome> delete(UUID key, Precondition precondition, SignedWrite signed) {
        Objects.requireNonNull(signed, "signed");
        return commit(key, true, Sha256.EMPTY, 0, BlobRecord.DEFAULT_CONTENT_TYPE, precondition, signed);
    }

    /** A local write on the loop, published when written, acknowledged once durable; {@code signed} may be null. */
    private CompletableFuture<WriteOutcome> commit(UUID key, boolean tombstone, Sha256 hash, long size, String contentType,
                                                   Precondition precondition, SignedWrite signed) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(precondition, "precondition");
        return durable(onLoop(() -> published(replica.write(key, tombstone, hash, size, contentType, precondition, signed))));
    }

    /**
     * Completes a write's outcome only once the store made it durable: the loop goes on with other
     * work meanwhile, and one store sync acknowledges every write committed before it (group commit).
     * The record may already be gossiping; if the node loses power before the sync, the write was
     * never acknowledged and peers that took it simply keep it.
     */
    private CompletableFuture<WriteOutcome> durable(CompletableFuture<WriteOutcome> committed) {
        return committed.thenCompose(outcome -> outcome instanceof WriteOutcome.Written
                ? store.durable().thenApply(v -> outcome)
                : CompletableFuture.completedFuture(outcome));
    }

    private WriteOutcome published(WriteOutcome outcome) {
        if (outcome instanceof WriteOutcome.Written w) {
            dissemination.publish(w.record());
            offerToHolders(w.record());
        }
        return outcome;
    }

    /**
     * With eager push off (the tick-only path), sends a local write's state straight to the key's
     * holders, so they fetch its content from this node, which has it, rather than from whichever
     * peer's rumor reaches them first. With eager push on the tree brings the record within a few
     * hops (small content inline), and a holder fetches larger content from the writer
     * ({@link #contentSources}); a hand-off beside the tree would make the tree's push a duplicate
     * at the holder, which prunes a tree link and does not push the write on (proposal 0021).
     */
    private void offerToHolders(BlobRecord record) {
        if (!record.hasContent() || config.dissemination().eagerPush()) {
            return;
        }
        KeyState state = replica.state(record.key()).orElse(null);
        if (state == null) {
            return;
        }
        Address self = membership.self().address();
        for (Placement.Holder h : placement.holders(record.key())) {
            if (!h.member().id().equals(id)) {
                exchange.call(h.member().address(), new RecordsPush(self, List.of(state)),
                        config.antiEntropy().callTimeout()).exceptionally(e -> null); // gossip brings it anyway
            }
        }
    }

    private List<Member> knownMembers() {
        return membership.snapshot();
    }

    /**
     * Where a record's content may be fetched from besides the peer that offered it: the member
     * that wrote it (it keeps its copy until the holders confirm theirs, proposal 0016), then the
     * key's holders other than this node, best first.
     */
    private List<Address> contentSources(BlobRecord record) {
        List<Address> sources = new ArrayList<>();
        Member writer = membership.member(record.version().node());
        if (writer != null && !writer.id().equals(id) && !writer.status().isGone()) {
            sources.add(writer.address());
        }
        for (Placement.Holder h : placement.holders(record.key())) {
            if (!h.member().id().equals(id)) {
                sources.add(h.member().address());
            }
        }
        return sources;
    }

    /** The key's state on this replica (winner and kept losers). Any thread; no loop hop. */
    public Optional<KeyState> read(UUID key) {
        return store.get(key);
    }

    /** The content with this hash from this node's store. Any thread; the caller closes it. */
    @Override
    public Optional<InputStream> openContent(Sha256 hash) {
        return store.openContent(hash);
    }

    /**
     * Waits until {@code replicas} of the key's holders (this node too if it is one) store
     * {@code version} of {@code key} with its content, or hold a write that overwrote it, asking
     * them each gossip tick. Completes with how many were confirmed: less than asked if
     * {@code timeout} passed first, or, once every holder confirms, if there are fewer holders than asked.
     */
    public CompletableFuture<Integer> awaitReplicas(UUID key, Version version, int replicas, Duration timeout) {
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        scheduler.execute(() -> new ReplicaWait(key, version, replicas, timeout, done).poll());
        return done;
    }

    /**
     * Polls the key's holders with {@link HasQuery} until enough confirm, every holder has (when
     * more are asked for than there are holders), or time runs out. A confirmation counts while its
     * member is still a holder; one question at a time per member.
     */
    private final class ReplicaWait {
        private final UUID key;
        private final Version version;
        private final int wanted;
        private final CompletableFuture<Integer> done;
        private final Set<NodeId> confirmed = new LinkedHashSet<>();
        private final Set<NodeId> asking = new HashSet<>();
        private final Scheduler.Cancellable deadline;

        ReplicaWait(UUID key, Version version, int wanted, Duration timeout, CompletableFuture<Integer> done) {
            this.key = key;
            this.version = version;
            this.wanted = wanted;
            this.done = done;
            this.deadline = scheduler.schedule(timeout, () -> done.complete(confirmedHolders(placement.holders(key))));
        }

        private int confirmedHolders(List<Placement.Holder> holders) {
            return (int) holders.stream().filter(h -> confirmed.contains(h.member().id())).count();
        }

        void poll() {
            if (done.isDone()) {
                return;
            }
            List<Placement.Holder> holders = placement.holders(key);
            if (holders.stream().anyMatch(h -> h.member().id().equals(id)) && keepsFor(key, version)) {
                confirmed.add(id);
            }
            int count = confirmedHolders(holders);
            if (count >= wanted || (!holders.isEmpty() && count == holders.size())) {
                deadline.cancel();
                done.complete(count);
                return;
            }
            for (Placement.Holder holder : holders) {
                Member peer = holder.member();
                if (peer.id().equals(id) || confirmed.contains(peer.id()) || !asking.add(peer.id())) {
                    continue;
                }
                exchange.call(peer.address(), new HasQuery(peer.id(), key, version),
                                config.dissemination().gossipTick().multipliedBy(5))
                        .whenComplete((has, error) -> {
                            asking.remove(peer.id());
                            if (error == null && has.stored()) {
                                confirmed.add(peer.id());
                            }
                        });
            }
            scheduler.schedule(config.dissemination().gossipTick(), this::poll);
        }
    }

    // ---- views -----------------------------------------------------------------------------

    public CompletableFuture<List<Member>> members() {
        return onLoop(membership::snapshot);
    }

    public CompletableFuture<NodeStatus> status() {
        return onLoop(() -> new NodeStatus(membership.self(), membership.liveCount(), store.keyCount(),
                replica.tree().root(), replica.isStale(), dissemination.queued(), placement.replicas(),
                rebalancer.progress()));
    }

    /** R: how many data members hold each key's content. */
    public int replicas() {
        return placement.replicas();
    }

    /** Every live data member as this node sees them, best score for {@code key} first; the first R hold it. */
    public CompletableFuture<List<Placement.Holder>> rank(UUID key) {
        Objects.requireNonNull(key, "key");
        return onLoop(() -> placement.rank(key));
    }

    /**
     * Asks {@code member} what it has of {@code version} of {@code key}: whether it confirms the
     * content as a holder ({@link HasReply#stored}) and whether the content is on its disk at all
     * ({@link HasReply#present}). Fails if it does not answer within the call timeout.
     */
    public CompletableFuture<HasReply> askHas(Member member, UUID key, Version version) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        if (member.id().equals(id)) {
            return onLoop(() -> hasReply(key, version));
        }
        return onLoop(() -> exchange.call(member.address(), new HasQuery(member.id(), key, version),
                        config.antiEntropy().callTimeout())).thenCompose(f -> f);
    }

    private HasReply hasReply(UUID key, Version version) {
        boolean data = role == Role.DATA;
        boolean present = data && replica.state(key).flatMap(s -> s.head(version))
                .map(r -> r.hasContent() && replica.stores(r)).orElse(false);
        return new HasReply(data && replica.knows(key, version),
                !data || replica.cannotResurrect(key, version) && !intake.isArriving(key),
                data && keepsFor(key, version), present);
    }

    /**
     * Placement's confirmation (proposal 0016): true if a write here overwrote {@code version} of
     * {@code key}, or this node holds the key and stores the version's content for good. A copy
     * this node does not hold may go at any time, so it is never confirmed (two non-holders must
     * not each release relying on the other); a holder's cache copy is pinned before it is.
     */
    private boolean keepsFor(UUID key, Version version) {
        KeyState state = replica.state(key).orElse(null);
        if (state == null) {
            return false;
        }
        BlobRecord head = state.head(version).orElse(null);
        if (head == null) {
            return state.knows(version); // overwritten here: nothing more is needed for it
        }
        if (!head.hasContent()) {
            return true;
        }
        if (!placement.isHolder(key) || !replica.stores(head)) {
            return false;
        }
        if (cache.contains(head.contentHash())) {
            cache.pin(head.contentHash());
        }
        return true;
    }

    /**
     * Deletes stored content this node does not need (a cache copy evicted, a read-through copy
     * that found no room), checked on the loop: kept if a key this node holds names it, if too many
     * keys name it to check, or if it is a cache copy again. Completes with true if deleted.
     */
    public CompletableFuture<Boolean> deleteIfUnneeded(Sha256 hash) {
        Objects.requireNonNull(hash, "hash");
        return onLoop(() -> release.deleteIfUnneeded(hash));
    }

    /** Whether this node should take client traffic now, and why not (proposal 0019); answered on the loop. */
    public CompletableFuture<Readiness> readiness() {
        return onLoop(() -> new Readiness(membership.joined(), skew.compared(), replica.isStale(),
                membership.self().status().isGone()));
    }

    /** This node's id; fixed for the life of its store. */
    public NodeId id() {
        return id;
    }

    // ---- inbound ---------------------------------------------------------------------------

    @Override
    public CompletableFuture<GossipMessage> handle(GossipMessage request) {
        Objects.requireNonNull(request, "request");
        return onLoop(() -> dispatch(request)).thenCompose(f -> f);
    }

    private CompletableFuture<GossipMessage> dispatch(GossipMessage message) {
        if (!(message instanceof Request<?> request)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(message.type() + " is a response, not a request"));
        }
        boolean data = role == Role.DATA;
        return switch (request) {
            case Ping p -> done(membership.onPing(p));
            case PingReq r -> membership.onPingReq(r);
            case PushPull pp -> done(membership.onPushPull(pp));
            case Rumor r -> done(data ? onRumor(r) : notData(r));
            case Push p -> done(data ? onPush(p) : notData(p));
            case IHave h -> done(data ? dissemination.onIHave(h) : notData(h));
            case Graft g -> done(data ? dissemination.onGraft(g) : notData(g));
            case DigestQuery q -> done(data ? antiEntropy.onDigestQuery(q) : new DigestReply(false, List.of()));
            case RecordsQuery q -> done(data ? antiEntropy.onRecordsQuery(q) : new Records(false, List.of()));
            case RecordsPush p -> done(data ? antiEntropy.onRecordsPush(p) : notData(p));
            case KeyDigestsQuery q -> done(data ? antiEntropy.onKeyDigestsQuery(q) : new KeyDigests(false, false, List.of()));
            case StatesQuery q -> done(data ? antiEntropy.onStatesQuery(q) : new Records(false, List.of()));
            case HasQuery h when !h.target().equals(id) -> done(new Nack("this is member " + id + ", not " + h.target()));
            case HasQuery h -> done(hasReply(h.key(), h.version()));
        };
    }

    private GossipMessage onRumor(Rumor rumor) {
        GossipMessage ack = dissemination.onRumor(rumor);
        intake.offer(rumor.records(), rumor.from(), true);
        return ack;
    }

    private GossipMessage onPush(Push push) {
        GossipMessage reply = dissemination.onPush(push);
        intake.offer(push.records(), push.address(), true, push.contents());
        return reply;
    }

    /** What the broadcast tree asks of this replica (proposal 0021). */
    private final class ReplicaRecords implements RecordSource {
        @Override
        public boolean knows(RecordId id) {
            return replica.knows(id.key(), id.version());
        }

        @Override
        public List<BlobRecord> answering(RecordId id) {
            return store.get(id.key()).filter(s -> s.knows(id.version())).map(KeyState::heads).orElse(List.of());
        }

        @Override
        public Optional<byte[]> smallContent(BlobRecord record, int maxBytes) {
            if (store.contentSize(record.contentHash()).filter(size -> size <= maxBytes).isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = store.openContent(record.contentHash()).orElse(null)) {
                if (in == null) {
                    return Optional.empty();
                }
                byte[] bytes = in.readNBytes(maxBytes + 1);
                return bytes.length <= maxBytes ? Optional.of(bytes) : Optional.empty();
            } catch (java.io.IOException | RuntimeException e) {
                LOG.log(Level.DEBUG, "content {0} not inlined (it will be fetched): {1}", record.contentHash(), e);
                return Optional.empty();
            }
        }
    }

    private static GossipMessage notData(GossipMessage m) {
        return new Nack("this member holds no data; " + m.type() + " is not for it");
    }

    private static CompletableFuture<GossipMessage> done(GossipMessage m) {
        return CompletableFuture.completedFuture(m);
    }

    private <T> CompletableFuture<T> onLoop(Supplier<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        scheduler.execute(() -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
