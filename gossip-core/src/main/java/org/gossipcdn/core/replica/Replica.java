package org.gossipcdn.core.replica;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.gossipcdn.core.antientropy.DigestTree;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.time.ClockSkew;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.MergeResult;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;

/**
 * This node's copy of the key space: it applies local writes and records from peers through
 * the pure {@link KeyState#merge} rule, keeps the digest tree in step (same store batch), purges
 * old tombstones and expired losers, and knows whether it is re-syncing after a long absence.
 *
 * <p>Not thread-safe: owned by the node's loop. Reads through {@link Store#get} are safe from
 * any thread.
 */
public final class Replica {

    static final String META_LAST_SYNC = "last-sync-millis";
    /** Present once this replica has synced with a peer: alone after a restart, it is cut off, not a network of one. */
    static final String META_HAD_PEERS = "had-peers";
    /** 1 while this replica has left the network (others stop waiting for it before purging deletes), else 0. */
    static final String META_LEFT = "left";
    /** How far before this node's clock a signed write's version may lie: a client's clock a little behind. */
    public static final long SIGNED_BACKDATE_TOLERANCE_MILLIS = 1_000;
    private static final Logger LOG = System.getLogger(Replica.class.getName());

    private final NodeId self;
    private final Store store;
    private final DigestTree tree;
    private final HlcClock hlc;
    private final ReplicaConfig config;
    private final Listener listener;
    private final ClockSkew skew;
    /** True for keys whose content this replica must store (it is one of their holders). */
    private final Predicate<UUID> holdsContent;
    private boolean stale;
    /** The store held the left mark at start: the node left gracefully in its previous run. */
    private final boolean startedAfterLeave;
    /** Records whose owner signature verified, most recently used last; bounded to 4,096. */
    private final Set<BlobRecord> verifiedRecently = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BlobRecord, Boolean> eldest) {
            return size() > 4096;
        }
    });
    private int sweepCursor;
    private long lastSyncWritten;
    /** This replica has completed a sync with a peer before (or held data while alone): a complete copy. */
    private boolean synced;
    /** The last completed sync before this process started (0 if none): writes after it may not have left. */
    private final long lastSyncAtStart;
    /** Set once the node leaves: it takes no more writes. */
    private boolean leaving;
    /** A sync with a peer completed since this process started. */
    private boolean syncedWithPeerSinceStart;
    /** This replica has ever synced with a peer (kept in the store). */
    private boolean hadPeers;

    public Replica(NodeId self, Store store, HlcClock hlc, ReplicaConfig config, Listener listener) {
        this(self, store, hlc, config, listener, new ClockSkew(), key -> true);
    }

    /** @param skew this node's clock against its peers'; writes are refused while it runs too far ahead */
    public Replica(NodeId self, Store store, HlcClock hlc, ReplicaConfig config, Listener listener, ClockSkew skew) {
        this(self, store, hlc, config, listener, skew, key -> true);
    }

    /**
     * @param skew this node's clock against its peers'; writes are refused while it runs too far ahead
     * @param holdsContent true for keys this replica holds the content of (placement); records of
     *                     other keys are taken without their content
     */
    public Replica(NodeId self, Store store, HlcClock hlc, ReplicaConfig config, Listener listener, ClockSkew skew,
                   Predicate<UUID> holdsContent) {
        this.skew = Objects.requireNonNull(skew, "skew");
        this.holdsContent = Objects.requireNonNull(holdsContent, "holdsContent");
        this.self = Objects.requireNonNull(self, "self");
        this.store = Objects.requireNonNull(store, "store");
        this.hlc = Objects.requireNonNull(hlc, "hlc");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.tree = new DigestTree(store);
        Optional<Long> lastSync = store.meta(META_LAST_SYNC).map(b -> ByteBuffer.wrap(b).getLong());
        this.stale = store.keyCount() > 0 && store.meta(META_LEFT).map(b -> b.length == 1 && b[0] == 1).orElse(false);
        this.startedAfterLeave = store.meta(META_LEFT).map(b -> b.length == 1 && b[0] == 1).orElse(false);
        this.synced = lastSync.isPresent();
        this.lastSyncAtStart = lastSync.orElse(0L);
        this.hadPeers = store.meta(META_HAD_PEERS).isPresent();
        if (stale) {
            LOG.log(Level.WARNING, "{0} left the network before and may have missed purged deletes: re-syncing by pull "
                    + "before serving writes", self.shortId());
        }
    }

    public Optional<KeyState> get(UUID key) {
        return store.get(key);
    }

    public DigestTree tree() {
        return tree;
    }

    public Store store() {
        return store;
    }

    public HlcClock clock() {
        return hlc;
    }

    /** A local unsigned write (or, with {@code tombstone}, a delete) of content already in the store. */
    public WriteOutcome write(UUID key, boolean tombstone, Sha256 hash, long size, String contentType,
                              Precondition precondition) {
        return write(key, tombstone, hash, size, contentType, precondition, null);
    }

    /**
     * A local write of content already in the store, signed by the key's owner when {@code signed}
     * is not null. An owned key takes only writes signed with its owner's claim (proposal 0010).
     */
    public WriteOutcome write(UUID key, boolean tombstone, Sha256 hash, long size, String contentType,
                              Precondition precondition, SignedWrite signed) {
        if (stale) {
            return new WriteOutcome.Unavailable("node is re-syncing after a long absence; try another node");
        }
        if (leaving) {
            return new WriteOutcome.Unavailable("node is leaving the network; try another node");
        }
        if (!skew.compared()) {
            return new WriteOutcome.Unavailable("this node has not yet compared its clock with its peers' (it just started or "
                    + "joined); retry in a second");
        }
        long ahead = skew.localAheadMillis().orElse(0);
        if (ahead > config.maxClockDrift().toMillis()) {
            return new WriteOutcome.Unavailable("this node's clock is " + ahead / 1000 + " s ahead of its peers' (median of "
                    + skew.peers() + "), more than maxClockDrift " + config.maxClockDrift().toSeconds()
                    + " s: writes refused so they cannot win every later conflict; fix its clock (NTP)");
        }
        KeyState current = store.get(key).orElse(null);
        boolean live = current != null && !current.isDeleted();
        boolean holds = switch (precondition) {
            case Precondition.None n -> true;
            case Precondition.IfAbsent a -> !live;
            case Precondition.IfPresent p -> live;
            case Precondition.IfMatch m -> live && current.winner().contentHash().equals(m.etag());
        };
        if (!holds) {
            return new WriteOutcome.PreconditionFailed(current);
        }
        CausalContext seen;
        try {
            seen = current == null ? CausalContext.EMPTY : current.contextForNextWrite();
        } catch (IllegalArgumentException e) {
            return new WriteOutcome.Invalid("key " + key + " cannot take another write: " + e.getMessage());
        }
        if (current != null) {
            for (BlobRecord head : current.heads()) {
                hlc.observe(head.version().hlc()); // a new version must be later than every head
            }
        }
        Optional<OwnerSignature> claim = current == null ? Optional.empty() : current.claim();
        BlobRecord record;
        if (signed == null) {
            if (claim.isPresent()) {
                return new WriteOutcome.Forbidden("key " + key + " is owned by " + claim.get().fingerprint()
                        + "; it takes only writes signed by its owner");
            }
            Version version = new Version(hlc.tick(), self);
            if (current != null && version.compareTo(current.winner().version()) <= 0) {
                return new WriteOutcome.Unavailable("this node's clock is behind key " + key + "'s versions by more than "
                        + "maxClockDrift; retry later or at another node");
            }
            record = tombstone ? BlobRecord.tombstone(key, version, seen)
                    : new BlobRecord(key, version, false, hash, size, contentType, seen);
        } else {
            Optional<WriteOutcome> refused = refusal(key, current, claim, signed);
            if (refused.isPresent()) {
                return refused.get();
            }
            BlobRecord unsigned = tombstone ? BlobRecord.tombstone(key, signed.version(), signed.seen())
                    : new BlobRecord(key, signed.version(), false, hash, size, contentType, signed.seen());
            record = unsigned.signed(signed.signature());
            Optional<String> problem = record.problem();
            if (problem.isPresent()) {
                return new WriteOutcome.Invalid("the signed write is ill-formed: " + problem.get());
            }
            if (!signed.signature().verifies(record)) {
                return new WriteOutcome.Forbidden("the owner signature does not verify over this write's key, version, "
                        + "tombstone flag, content hash, size, content type, causal context and owned-since");
            }
            hlc.observe(signed.version().hlc());
        }
        KeyState after = current == null ? KeyState.of(record) : current.merge(record, config.maxHeads());
        commit(current, after);
        return new WriteOutcome.Written(record, after, !live);
    }

    /** Why a signed write cannot be taken as sent, if it cannot. */
    private Optional<WriteOutcome> refusal(UUID key, KeyState current, Optional<OwnerSignature> claim, SignedWrite signed) {
        OwnerSignature sig = signed.signature();
        Version v = signed.version();
        if (claim.isPresent() && !sig.sameClaim(claim.get())) {
            return Optional.of(new WriteOutcome.Forbidden("key " + key + " is owned by " + claim.get().fingerprint() + " since "
                    + claim.get().since() + "; this write is signed by " + sig.fingerprint() + " claiming since " + sig.since()));
        }
        if (claim.isEmpty() && !sig.since().equals(v)) {
            return Optional.of(new WriteOutcome.Invalid("the key is not owned yet, so this write is its owner's first: "
                    + "its owned-since must be its own version " + v + ", was " + sig.since()));
        }
        long offset = v.hlc().wallMillis() - hlc.wallMillis();
        if (offset > config.maxClockDrift().toMillis()) {
            return Optional.of(new WriteOutcome.Invalid("the signed version " + v + " is " + offset / 1000
                    + " s ahead of this node's clock, more than maxClockDrift " + config.maxClockDrift().toSeconds() + " s"));
        }
        if (offset < -SIGNED_BACKDATE_TOLERANCE_MILLIS) {
            // A backdated first write would win the race of first writers against a claim made moments
            // earlier at a node that has not heard of it yet (proposal 0010).
            return Optional.of(new WriteOutcome.Conflict("the signed version " + v + " is " + -offset + " ms before this "
                    + "node's clock (" + hlc.wallMillis() + "); sign again with a version at or after it"));
        }
        if (current != null) {
            for (BlobRecord head : current.heads()) {
                if (v.compareTo(head.version()) <= 0) {
                    return Optional.of(new WriteOutcome.Conflict("the signed version " + v + " is not later than "
                            + head.version() + ", which this node holds; sign again with a later version"));
                }
            }
        }
        return Optional.empty();
    }

    /** Offers one record from a peer (tests, benchmarks); see {@link #merge(List)}. */
    public MergeResult merge(BlobRecord record) {
        return merge(List.of(record));
    }

    /**
     * Offers records of one key from a peer, taken together: a state offered whole is judged whole
     * (a purged delete's kept loser does not come back on its own). Untrusted and ill-formed records
     * are dropped (see {@link #assess}); so are records of keys this replica holds whose content is not
     * stored, or is stored with another size than the record says. Never throws
     * for anything a peer can send.
     */
    public MergeResult merge(List<BlobRecord> records) {
        if (records.isEmpty()) {
            return new MergeResult.Rejected("no records");
        }
        Assessment assessment = assess(records);
        List<BlobRecord> usable = new ArrayList<>(assessment.trusted().size());
        boolean needsContent = holdsContent.test(records.get(0).key());
        for (BlobRecord r : assessment.trusted()) {
            if (!needsContent || stores(r)) {
                hlc.observe(r.version().hlc()); // content stored (where held), and of the size the record says
                usable.add(r);
            }
        }
        if (usable.isEmpty()) {
            return assessment.refused().isEmpty() ? new MergeResult.Stale(assessment.current())
                    : new MergeResult.Rejected(assessment.refused().get(0).reason());
        }
        KeyState current = store.get(records.get(0).key()).orElse(null);
        KeyState after = merged(current, usable);
        if (after == null || after.equals(current)) {
            return new MergeResult.Stale(current);
        }
        logClaimChange(current, after);
        commit(current, after);
        return new MergeResult.Applied(current, after);
    }

    private void logClaimChange(KeyState current, KeyState after) {
        Optional<OwnerSignature> before = current == null ? Optional.empty() : current.claim();
        if (before.isPresent() && !after.claim().map(c -> c.sameClaim(before.get())).orElse(false)) {
            LOG.log(Level.WARNING, "{0}: key {1} passed from owner {2} (since {3}) to {4} (since {5}), whose first write "
                    + "came earlier: a race of first writers; the records of {2} are dropped", self.shortId(), after.key(),
                    before.get().fingerprint(), before.get().since(), after.claim().map(OwnerSignature::fingerprint).orElse("-"),
                    after.claim().map(OwnerSignature::since).orElse(null));
        } else if (before.isEmpty() && current != null && after.claim().isPresent()) {
            LOG.log(Level.INFO, "{0}: key {1} is now owned by {2}", self.shortId(), after.key(), after.claim().get().fingerprint());
        }
    }

    /**
     * What offering records of one key would do, from one read of the key: which records are
     * refused and why (ill-formed, a signature that does not verify, not the key owner's, beyond the
     * clock drift), which are trusted, and which of those would enter this replica's state (so their
     * content is worth fetching). Records of another key than the first are refused.
     */
    public Assessment assess(List<BlobRecord> records) {
        if (records.isEmpty()) {
            return new Assessment(null, List.of(), List.of(), List.of());
        }
        UUID key = records.get(0).key();
        KeyState current = store.get(key).orElse(null);
        Optional<OwnerSignature> claim = current == null ? Optional.empty() : current.claim();
        List<Assessment.Refusal> refused = new ArrayList<>();
        List<BlobRecord> trusted = new ArrayList<>(records.size());
        for (BlobRecord r : records) {
            Optional<String> why = distrust(key, claim, r);
            if (why.isPresent()) {
                refused.add(new Assessment.Refusal(r, why.get(), true));
            } else if (hlc.isTooFarAhead(r.version().hlc())) {
                refused.add(new Assessment.Refusal(r, "record " + r.key() + " " + r.version() + " is more than maxClockDrift "
                        + config.maxClockDrift().toSeconds() + " s ahead of this node's clock", false));
            } else if (!trusted.contains(r)) {
                trusted.add(r);
            }
        }
        KeyState after = trusted.isEmpty() ? current : merged(current, trusted);
        List<BlobRecord> wanted = new ArrayList<>();
        if (after != null && !after.equals(current)) {
            for (BlobRecord r : after.heads()) {
                if (current == null || !current.heads().contains(r)) {
                    wanted.add(r);
                }
            }
        }
        return new Assessment(current, refused, trusted, wanted);
    }

    /** Why {@code r} cannot be taken into a key held under {@code claim}, if it cannot. */
    private Optional<String> distrust(UUID key, Optional<OwnerSignature> claim, BlobRecord r) {
        if (!r.key().equals(key)) {
            return Optional.of("record of key " + r.key() + " offered among records of key " + key);
        }
        Optional<String> problem = r.problem();
        if (problem.isPresent()) {
            return Optional.of("ill-formed record: " + problem.get());
        }
        if (r.isSigned() && !verified(r)) {
            return Optional.of("owner signature does not verify (owner " + r.owner().fingerprint() + ")");
        }
        if (claim.isPresent() && !r.isSigned()) {
            return Optional.of("key is owned by " + claim.get().fingerprint() + " and the record is unsigned");
        }
        if (claim.isPresent() && !r.owner().sameClaim(claim.get())
                && OwnerSignature.CLAIM_ORDER.compare(r.owner(), claim.get()) > 0) {
            return Optional.of("key is owned by " + claim.get().fingerprint() + " since " + claim.get().since()
                    + "; the record is signed by " + r.owner().fingerprint() + " claiming since " + r.owner().since());
        }
        return Optional.empty();
    }

    /** Verifies an owner signature, remembering the last few verified records (a record arrives from several peers). */
    private boolean verified(BlobRecord record) {
        if (verifiedRecently.contains(record)) {
            return true;
        }
        boolean ok = record.owner().verifies(record);
        if (ok) {
            verifiedRecently.add(record);
        }
        return ok;
    }

    /** True if this replica must store the content of {@code key}: it is one of the key's holders. */
    public boolean holdsContent(UUID key) {
        return holdsContent.test(key);
    }

    /** True if {@code r} needs no content, or its content is stored here with the size it names. */
    public boolean stores(BlobRecord r) {
        return !r.hasContent() || store.contentSize(r.contentHash()).map(size -> size == r.size()).orElse(false);
    }

    /**
     * True if {@code version} of {@code key} is a head here with its content stored here, or a
     * write here overwrote it: either way this replica needs nothing more for that version.
     */
    public boolean storesOrOverwrote(UUID key, Version version) {
        return store.get(key).map(s -> s.head(version).map(this::stores).orElse(s.knows(version))).orElse(false);
    }

    /** True if this replica holds {@code version} of {@code key} or a write that overwrote it. */
    public boolean knows(UUID key, Version version) {
        return store.get(key).map(s -> s.knows(version)).orElse(false);
    }

    /**
     * True if this replica cannot bring back what {@code tombstone} deleted: it holds the tombstone
     * or a write that overwrote it, nothing of the key, or only writes later than the delete (which
     * win over it anyway). A tombstone is purged only once every data member says so (proposal 0003).
     */
    public boolean cannotResurrect(UUID key, Version tombstone) {
        return store.get(key).map(s -> s.heads().stream().allMatch(h -> h.version().equals(tombstone)
                || h.seen().covers(tombstone) || writtenAfterItsPurge(h, tombstone))).orElse(true);
    }

    /**
     * True if {@code state} is absent or each of its heads was written more than tombstoneGrace after
     * {@code tombstone}: the delete could have been purged before them (a concurrent write, made
     * while the delete was young, keeps it as a visible loser instead).
     */
    private boolean writtenAfterItsPurge(KeyState state, Version tombstone) {
        return state == null || state.heads().stream().allMatch(h -> writtenAfterItsPurge(h, tombstone));
    }

    /** True if {@code record} was written more than tombstoneGrace after {@code tombstone}. */
    private boolean writtenAfterItsPurge(BlobRecord record, Version tombstone) {
        return record.version().hlc().wallMillis() - tombstone.hlc().wallMillis() > config.tombstoneGrace().toMillis();
    }

    /**
     * The state after merging {@code records} into {@code current} (null when the key stays absent).
     * Records offered together whose greatest is a delete past tombstoneGrace are taken as purged
     * here already, every record beside the delete too, when this replica holds nothing of the key or
     * only writes made more than tombstoneGrace after the delete (so after it could have been purged):
     * such a delete cannot remove anything here, and taking it back would let an old owner's claim
     * wipe a new owner's first write (proposals 0003, 0010).
     * Losers past conflictRetention are dropped (by their own HLC, so every node drops the same ones
     * and none takes one back once dropped).
     */
    private KeyState merged(KeyState current, List<BlobRecord> records) {
        BlobRecord offered = records.stream().max(BlobRecord.ORDER).orElseThrow();
        if (offered.tombstone() && isPurgeable(offered) && writtenAfterItsPurge(current, offered.version())) {
            return current;
        }
        KeyState after = current;
        for (BlobRecord r : records) {
            after = after == null ? KeyState.of(r) : after.merge(r, config.maxHeads());
        }
        return after == null ? null : after.withoutLosersBefore(retentionCutoff());
    }

    private long retentionCutoff() {
        return hlc.wallMillis() - config.conflictRetention().toMillis();
    }

    /** The key's state with expired losers dropped (and the drop committed); empty if not held. */
    public Optional<KeyState> state(UUID key) {
        return store.get(key).map(this::withoutExpiredLosers);
    }

    /** Every key state of {@code leaf}, ordered by key, with expired losers dropped (and the drops committed). */
    public List<KeyState> leafStates(int leaf) {
        List<KeyState> states = store.leafStates(leaf);
        List<KeyState> out = new ArrayList<>(states.size());
        for (KeyState s : states) {
            out.add(withoutExpiredLosers(s));
        }
        return out;
    }

    private KeyState withoutExpiredLosers(KeyState state) {
        KeyState pruned = state.withoutLosersBefore(retentionCutoff());
        if (pruned != state) {
            commit(state, pruned);
        }
        return pruned;
    }

    /** Removes a key outright (a re-syncing node dropping what its peer deleted). */
    public void remove(UUID key) {
        store.get(key).ifPresent(tree::remove);
    }

    /**
     * Purges {@code key} if its state is still {@code tombstone} alone (a loser that arrived since the
     * check keeps it). The caller has checked that no member can bring back what it deleted or holds
     * a write that must stay beside it (proposal 0003).
     */
    public boolean purge(UUID key, Version tombstone) {
        Optional<KeyState> current = store.get(key);
        if (current.isPresent() && current.get().heads().size() == 1 && current.get().isDeleted()
                && current.get().winner().version().equals(tombstone)) {
            tree.remove(current.get());
            return true;
        }
        return false;
    }

    /**
     * Visits the next few leaves: drops losers past conflictRetention and returns the deletes past
     * tombstoneGrace with no loser left beside them, candidates for {@link #purge} once every member
     * has them.
     */
    public List<BlobRecord> sweep() {
        List<BlobRecord> purgeable = new ArrayList<>();
        for (int i = 0; i < config.sweepLeavesPerTick(); i++) {
            int leaf = sweepCursor;
            sweepCursor = (sweepCursor + 1) % DigestTree.LEAVES;
            if (store.leafDigest(leaf).isZero()) {
                continue;
            }
            for (KeyState state : leafStates(leaf)) {
                // a delete that still has live losers beside it waits for them to expire: they are
                // acknowledged writes, kept visible for conflictRetention (proposal 0001)
                if (state.isDeleted() && state.losers().isEmpty() && isPurgeable(state.winner())) {
                    purgeable.add(state.winner());
                }
            }
        }
        return purgeable;
    }

    private boolean isPurgeable(BlobRecord tombstone) {
        return tombstone.version().hlc().wallMillis() < hlc.wallMillis() - config.tombstoneGrace().toMillis();
    }

    private void commit(KeyState before, KeyState after) {
        tree.put(before, after);
        try {
            listener.onRecordCommitted(before, after);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on a commit; ignored", e);
        }
    }

    /** Records that this node leaves the network: when it starts again it re-syncs pull-first (proposal 0003). */
    public void markLeaving() {
        leaving = true;
        store.putMeta(META_LEFT, new byte[] {1});
    }

    /**
     * Records that an operator removed this node from the network (force-leave, proposal 0019) while
     * it ran or was down: purges stopped waiting for it, so it re-syncs pull-first now, and again if
     * it restarts before that completes, exactly as a node that left does (proposal 0003).
     *
     * @param thisRun the LEFT claim names this run; otherwise the previous one, which may have been
     *        this node's own graceful leave (then its re-sync already ran or runs: nothing to do)
     */
    public void markRemoved(boolean thisRun) {
        if (!thisRun && startedAfterLeave) {
            return;
        }
        if (store.keyCount() > 0 && !stale) {
            stale = true;
            store.putMeta(META_LEFT, new byte[] {1});
            LOG.log(Level.WARNING, "{0} was removed from the network and may have missed purged deletes: re-syncing by "
                    + "pull before serving writes", self.shortId());
        }
    }

    /**
     * True if {@code state} holds a write of this node's made after its last completed sync (less a
     * second, the step at which syncs are recorded): one that may never have left this node. A
     * re-syncing node pushes such a key instead of dropping it (proposal 0003).
     */
    public boolean hasOwnUnsyncedWrite(KeyState state) {
        return state.heads().stream().anyMatch(h -> h.version().node().equals(self)
                && h.version().hlc().wallMillis() >= lastSyncAtStart - 1_000);
    }

    /** True while the node re-syncs by pull after an absence longer than tombstoneGrace (proposal 0003). */
    public boolean isStale() {
        return stale;
    }

    /**
     * True if this replica is a complete copy of the cluster's state: it has completed a sync with a
     * peer, or was alone holding data. An empty newcomer is not; a re-syncing node drops only what a
     * complete copy lacks (proposal 0003).
     */
    public boolean isSynced() {
        return synced;
    }

    /** Records that this replica is alone in the cluster now: in step if it holds anything. */
    public void markAlone() {
        if (store.keyCount() > 0) {
            recordSync();
        }
    }

    /** Records that this replica completed a sync with a peer just now; ends a re-sync. */
    public void markInSync() {
        syncedWithPeerSinceStart = true;
        if (!hadPeers) {
            hadPeers = true;
            store.putMeta(META_HAD_PEERS, new byte[] {1});
        }
        recordSync();
    }

    /**
     * True if this replica may purge deletes now (proposal 0003): it has completed a sync with a peer
     * since it started (so its member table is the cluster's, not an empty one after a restart), or
     * it knows no other member and never had one (a network of one node).
     */
    public boolean mayPurge(boolean knowsOtherMembers) {
        return knowsOtherMembers ? syncedWithPeerSinceStart : !hadPeers;
    }

    private void recordSync() {
        synced = true;
        long now = hlc.wallMillis();
        if (stale) {
            LOG.log(Level.INFO, "{0} re-sync complete; serving writes", self.shortId());
            stale = false;
            store.putMeta(META_LEFT, new byte[] {0});
        }
        if (now - lastSyncWritten >= 1000) {
            store.putMeta(META_LAST_SYNC, ByteBuffer.allocate(8).putLong(now).array());
            lastSyncWritten = now;
        }
    }
}
