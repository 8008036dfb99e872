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
import org.gossipcdn.core.antientropy.Digest;
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
    private static final Logger LOG = System.getLogger(Replica.class.getName());

    private final NodeId self;
    private final Store store;
    private final DigestTree tree;
    private final HlcClock hlc;
    private final ReplicaConfig config;
    private final Listener listener;
    private final ClockSkew skew;
    private boolean stale;
    /** Records whose owner signature verified, most recently used last; bounded to 4,096. */
    private final Set<BlobRecord> verifiedRecently = Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BlobRecord, Boolean> eldest) {
            return size() > 4096;
        }
    });
    private int sweepCursor;
    private long lastSyncWritten;

    public Replica(NodeId self, Store store, HlcClock hlc, ReplicaConfig config, Listener listener) {
        this(self, store, hlc, config, listener, new ClockSkew());
    }

    /** @param skew this node's clock against its peers'; writes are refused while it runs too far ahead */
    public Replica(NodeId self, Store store, HlcClock hlc, ReplicaConfig config, Listener listener, ClockSkew skew) {
        this.skew = Objects.requireNonNull(skew, "skew");
        this.self = Objects.requireNonNull(self, "self");
        this.store = Objects.requireNonNull(store, "store");
        this.hlc = Objects.requireNonNull(hlc, "hlc");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.tree = new DigestTree(store);
        Optional<Long> lastSync = store.meta(META_LAST_SYNC).map(b -> ByteBuffer.wrap(b).getLong());
        long awayMillis = lastSync.map(t -> hlc.wallMillis() - t).orElse(0L);
        this.stale = store.keyCount() > 0 && awayMillis > config.tombstoneGrace().toMillis();
        if (stale) {
            LOG.log(Level.WARNING, "{0} was away {1} s, longer than tombstoneGrace {2}: re-syncing by pull before serving writes",
                    self.shortId(), awayMillis / 1000, config.tombstoneGrace().toSeconds());
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
        CausalContext seen = current == null ? CausalContext.EMPTY : current.contextForNextWrite();
        Optional<OwnerSignature> claim = current == null ? Optional.empty() : current.claim();
        BlobRecord record;
        if (signed == null) {
            if (claim.isPresent()) {
                return new WriteOutcome.Forbidden("key " + key + " is owned by " + claim.get().fingerprint()
                        + "; it takes only writes signed by its owner");
            }
            Version version = new Version(hlc.tick(), self);
            record = tombstone ? BlobRecord.tombstone(key, version, seen)
                    : new BlobRecord(key, version, false, hash, size, contentType, seen);
        } else {
            Optional<WriteOutcome> refused = refusal(key, current, claim, signed);
            if (refused.isPresent()) {
                return refused.get();
            }
            BlobRecord unsigned = tombstone ? BlobRecord.tombstone(key, signed.version(), seen)
                    : new BlobRecord(key, signed.version(), false, hash, size, contentType, seen);
            record = unsigned.signed(signed.signature());
            if (!signed.signature().verifies(record)) {
                return new WriteOutcome.Forbidden("the owner signature does not verify over this write's key, version, "
                        + "tombstone flag, content hash, size, content type and owned-since");
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
        if (!v.node().equals(sig.owner())) {
            return Optional.of(new WriteOutcome.Invalid("a signed version's writer must be the owner's id " + sig.owner()
                    + ", was " + v.node()));
        }
        long offset = v.hlc().wallMillis() - hlc.wallMillis();
        if (Math.abs(offset) > config.maxClockDrift().toMillis()) {
            return Optional.of(new WriteOutcome.Invalid("the signed version " + v + " is " + offset / 1000
                    + " s away from this node's clock, more than maxClockDrift " + config.maxClockDrift().toSeconds() + " s"));
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

    /** Offers a record from a peer. Content must already be stored if the record has any. */
    public MergeResult merge(BlobRecord record) {
        return merge(KeyState.of(record));
    }

    /** Offers a peer's state of a key. Content of its records must already be stored. */
    public MergeResult merge(KeyState remote) {
        List<BlobRecord> accepted = new ArrayList<>(remote.heads().size());
        for (BlobRecord r : remote.heads()) {
            if (hlc.isTooFarAhead(r.version().hlc())) {
                String reason = "record " + r.key() + " " + r.version() + " is more than maxClockDrift "
                        + config.maxClockDrift().toSeconds() + " s ahead of this node's clock";
                LOG.log(Level.WARNING, "{0} refused {1}", self.shortId(), reason);
                listener.onRecordRejected(r, reason);
                continue;
            }
            hlc.observe(r.version().hlc());
            accepted.add(r);
        }
        if (accepted.isEmpty()) {
            return new MergeResult.Rejected("every record was beyond maxClockDrift");
        }
        KeyState current = store.get(remote.key()).orElse(null);
        KeyState after = merged(current, accepted);
        if (after == null || after.equals(current)) {
            return new MergeResult.Stale(current);
        }
        Optional<OwnerSignature> before = current == null ? Optional.empty() : current.claim();
        if (before.isPresent() && !after.claim().map(c -> c.sameClaim(before.get())).orElse(false)) {
            LOG.log(Level.WARNING, "{0}: key {1} passed from owner {2} (since {3}) to {4} (since {5}), whose first write "
                    + "came earlier: a race of first writers; the records of {2} are dropped", self.shortId(), remote.key(),
                    before.get().fingerprint(), before.get().since(), after.claim().get().fingerprint(), after.claim().get().since());
        } else if (before.isEmpty() && current != null && after.claim().isPresent()) {
            LOG.log(Level.INFO, "{0}: key {1} is now owned by {2}", self.shortId(), remote.key(), after.claim().get().fingerprint());
        }
        commit(current, after);
        return new MergeResult.Applied(current, after);
    }

    /**
     * What offering a peer's record would do, from one read of the key: {@link Assessment.Untrusted}
     * when its owner signature does not verify, or this replica holds the key as owned and the
     * record carries neither the owner's claim nor a claim that would win the race of first writers;
     * else whether merging it would change this replica (so its content is worth fetching).
     */
    public Assessment assess(BlobRecord record) {
        if (record.isSigned() && !verified(record)) {
            return new Assessment.Untrusted("owner signature does not verify (owner " + record.owner().fingerprint() + ")");
        }
        KeyState current = store.get(record.key()).orElse(null);
        Optional<OwnerSignature> claim = current == null ? Optional.empty() : current.claim();
        if (claim.isPresent() && !record.isSigned()) {
            return new Assessment.Untrusted("key is owned by " + claim.get().fingerprint() + " and the record is unsigned");
        }
        if (claim.isPresent() && !record.owner().sameClaim(claim.get())
                && OwnerSignature.CLAIM_ORDER.compare(record.owner(), claim.get()) > 0) {
            return new Assessment.Untrusted("key is owned by " + claim.get().fingerprint() + " since " + claim.get().since()
                    + "; the record is signed by " + record.owner().fingerprint() + " claiming since " + record.owner().since());
        }
        if (hlc.isTooFarAhead(record.version().hlc())) {
            return Assessment.NO_CHANGE;
        }
        KeyState after = merged(current, List.of(record));
        return after != null && !after.equals(current) ? Assessment.CHANGES : Assessment.NO_CHANGE;
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

    /** True if this replica holds {@code version} of {@code key} or a write that overwrote it. */
    public boolean knows(UUID key, Version version) {
        return store.get(key).map(s -> s.knows(version)).orElse(false);
    }

    private KeyState merged(KeyState current, List<BlobRecord> records) {
        KeyState after = current;
        for (BlobRecord r : records) {
            if (after == null) {
                if (r.tombstone() && isPurgeable(r)) {
                    continue; // an expired delete of a key we do not hold: purged here already
                }
                after = KeyState.of(r);
            } else {
                after = after.merge(r, config.maxHeads());
            }
        }
        return after;
    }

    /** Removes a key outright (purge, or a re-syncing node dropping what its peer deleted). */
    public void remove(UUID key) {
        store.get(key).ifPresent(current -> {
            int leaf = DigestTree.leafOf(key);
            Digest delta = digestOf(current);
            store.remove(key, leaf, store.leafDigest(leaf).xor(delta));
            tree.applyLeafDelta(leaf, delta);
        });
    }

    /** Visits the next few leaves: purges old tombstones, drops losers past conflictRetention. */
    public void sweep() {
        long now = hlc.wallMillis();
        for (int i = 0; i < config.sweepLeavesPerTick(); i++) {
            int leaf = sweepCursor;
            sweepCursor = (sweepCursor + 1) % DigestTree.LEAVES;
            if (store.leafDigest(leaf).isZero()) {
                continue;
            }
            for (KeyState state : store.leafStates(leaf)) {
                if (state.isDeleted() && isPurgeable(state.winner())) {
                    remove(state.key());
                    continue;
                }
                KeyState pruned = state.withoutLosersBefore(now - config.conflictRetention().toMillis());
                if (pruned != state) {
                    commit(state, pruned);
                }
            }
        }
    }

    private boolean isPurgeable(BlobRecord tombstone) {
        return tombstone.version().hlc().wallMillis() < hlc.wallMillis() - config.tombstoneGrace().toMillis();
    }

    private void commit(KeyState before, KeyState after) {
        int leaf = DigestTree.leafOf(after.key());
        Digest delta = digestOf(before).xor(digestOf(after));
        store.put(after, leaf, store.leafDigest(leaf).xor(delta));
        tree.applyLeafDelta(leaf, delta);
        try {
            listener.onRecordCommitted(before, after);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "listener failed on a commit; ignored", e);
        }
    }

    /** The digest of a key state as a set of records: XOR of its heads' digests. */
    public static Digest digestOf(KeyState state) {
        Digest d = Digest.ZERO;
        if (state != null) {
            for (BlobRecord r : state.heads()) {
                d = d.xor(Digest.of(r));
            }
        }
        return d;
    }

    /** True while the node re-syncs by pull after an absence longer than tombstoneGrace (proposal 0003). */
    public boolean isStale() {
        return stale;
    }

    /** Records that this replica is in step with the cluster now; ends a re-sync. */
    public void markInSync() {
        long now = hlc.wallMillis();
        if (stale) {
            LOG.log(Level.INFO, "{0} re-sync complete; serving writes", self.shortId());
            stale = false;
        }
        if (now - lastSyncWritten >= 1000) {
            store.putMeta(META_LAST_SYNC, ByteBuffer.allocate(8).putLong(now).array());
            lastSyncWritten = now;
        }
    }
}
