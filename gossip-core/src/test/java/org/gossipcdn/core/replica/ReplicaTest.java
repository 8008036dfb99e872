package org.gossipcdn.core.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.time.ClockSkew;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.time.ManualClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.MergeResult;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/**
 * The replica's rules through its public methods: preconditions, the clock limits of proposal 0006,
 * the re-sync rule and purge of proposal 0003, loser expiry of proposal 0001, and the entry checks
 * of owner-signed writes of proposal 0010.
 */
class ReplicaTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final NodeId SELF = new NodeId(0, 1);
    private static final NodeId PEER = new NodeId(0, 2);
    private static final UUID KEY = new UUID(8, 9);
    private static final Sha256 H1 = Sha256.of(new byte[] {1});
    private static final Sha256 H2 = Sha256.of(new byte[] {2});


    private final ManualClock wall = new ManualClock(T0);
    private final InMemoryStore store = new InMemoryStore();
    private final ClockSkew skew = new ClockSkew();
    private final List<KeyState> committed = new ArrayList<>();
    private final Listener listener = new Listener() {
        @Override
        public void onRecordCommitted(KeyState before, KeyState after) {
            committed.add(after);
        }
    };

    private Replica replica(ReplicaConfig config) {
        for (int b = 1; b <= 3; b++) { // the content of H1, H2 and byte 3: peers' records are taken only with their content
            try {
                store.putContent(new java.io.ByteArrayInputStream(new byte[] {(byte) b}), 10);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new Replica(SELF, store, new HlcClock(wall, config.maxClockDrift()), config, listener, skew);
    }

    private static BlobRecord peerWrite(long wallMillis, Sha256 hash, CausalContext seen) {
        return new BlobRecord(KEY, new Version(new Hlc(wallMillis, 0), PEER), false, hash, 1, "text/plain", seen);
    }

    private static WriteOutcome put(Replica r, Sha256 hash, Precondition p) {
        return r.write(KEY, false, hash, 1, "text/plain", p);
    }

    @Test
    void preconditionsAreCheckedAgainstWhatThisReplicaHolds() {
        Replica r = replica(ReplicaConfig.defaults());
        WriteOutcome.Written first = (WriteOutcome.Written) put(r, H1, Precondition.IF_ABSENT);
        assertThat(first.created()).isTrue();
        assertThat(first.record().version().node()).isEqualTo(SELF);
        assertThat(put(r, H2, Precondition.IF_ABSENT)).isInstanceOfSatisfying(WriteOutcome.PreconditionFailed.class,
                f -> assertThat(f.current().winner()).isEqualTo(first.record()));
        assertThat(put(r, H2, new Precondition.IfMatch(H2))).isInstanceOf(WriteOutcome.PreconditionFailed.class);
        WriteOutcome.Written second = (WriteOutcome.Written) put(r, H2, new Precondition.IfMatch(H1));
        assertThat(second.created()).isFalse();
        assertThat(second.state().heads()).as("an overwrite, not a conflict").containsExactly(second.record());
        WriteOutcome.Written delete = (WriteOutcome.Written) r.write(KEY, true, Sha256.EMPTY, 0, "x/y", Precondition.NONE);
        assertThat(delete.record().tombstone()).isTrue();
        assertThat(r.get(KEY).orElseThrow().isDeleted()).isTrue();
        assertThat(put(r, H1, new Precondition.IfMatch(Sha256.EMPTY))).as("a deleted key matches nothing")
                .isInstanceOf(WriteOutcome.PreconditionFailed.class);
        assertThat(((WriteOutcome.Written) put(r, H1, Precondition.IF_ABSENT)).created()).as("deleted counts as absent").isTrue();
        assertThat(committed).hasSize(4);
        assertThatThrownBy(() -> new Precondition.IfMatch(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aLocalWriteOverwritesEveryHeadItHolds() {
        Replica r = replica(ReplicaConfig.defaults());
        put(r, H1, Precondition.NONE);
        assertThat(r.merge(peerWrite(T0 + 5, H2, CausalContext.EMPTY))).isInstanceOf(MergeResult.Applied.class);
        assertThat(r.get(KEY).orElseThrow().heads()).hasSize(2);
        WriteOutcome.Written w = (WriteOutcome.Written) put(r, Sha256.of(new byte[] {3}), Precondition.NONE);
        assertThat(w.state().heads()).containsExactly(w.record());
        assertThat(w.record().version().hlc().wallMillis()).as("stamped after what it observed").isGreaterThanOrEqualTo(T0 + 5);
        assertThat(r.knows(KEY, new Version(new Hlc(T0 + 5, 0), PEER))).isTrue();
        assertThat(r.knows(KEY, new Version(new Hlc(T0 + 6, 0), PEER))).isFalse();
        assertThat(r.knows(new UUID(1, 1), w.record().version())).isFalse();
    }

    @Test
    void writesWaitForAClockComparisonAndAreRefusedFromAClockTooFarAhead() {
        Replica r = replica(ReplicaConfig.defaults());
        skew.expectPeers(1);
        assertThat(put(r, H1, Precondition.NONE)).isInstanceOfSatisfying(WriteOutcome.Unavailable.class,
                u -> assertThat(u.reason()).contains("not yet compared its clock"));
        skew.sample(PEER, T0, T0 - 60_000, 0); // we are exactly maxClockDrift ahead: still fine
        assertThat(put(r, H1, Precondition.NONE)).isInstanceOf(WriteOutcome.Written.class);
        skew.sample(PEER, T0, T0 - 61_000, 0);
        assertThat(put(r, H1, Precondition.NONE)).isInstanceOfSatisfying(WriteOutcome.Unavailable.class,
                u -> assertThat(u.reason()).contains("61 s ahead").contains("median of 1").contains("maxClockDrift 60 s"));
    }

    @Test
    void recordsFromTooFarAheadAreRejectedAndCountedOthersAreObserved() {
        Replica r = replica(ReplicaConfig.defaults());
        assertThat(r.merge(peerWrite(T0 + 60_001, H1, CausalContext.EMPTY))).isInstanceOfSatisfying(MergeResult.Rejected.class,
                x -> assertThat(x.reason()).contains("maxClockDrift 60 s"));
        assertThat(r.get(KEY)).isEmpty();
        BlobRecord ahead = peerWrite(T0 + 60_000, H1, CausalContext.EMPTY);
        assertThat(r.merge(ahead)).isInstanceOfSatisfying(MergeResult.Applied.class, a -> {
            assertThat(a.before()).isNull();
            assertThat(a.after().winner()).isEqualTo(ahead);
        });
        assertThat(r.merge(ahead)).as("known already").isInstanceOf(MergeResult.Stale.class);
        WriteOutcome.Written mine = (WriteOutcome.Written) put(r, H2, Precondition.NONE);
        assertThat(mine.record().version().hlc().compareTo(ahead.version().hlc())).as("the max rule").isPositive();
        assertThat(r.merge(ahead)).as("overwritten knowingly").isInstanceOf(MergeResult.Stale.class);
        assertThat(r.tree().root()).isNotEqualTo(Digest.ZERO);
    }

    @Test
    void anExpiredDeleteOfAKeyNotHeldIsNotImported() {
        ReplicaConfig config = ReplicaConfig.defaults();
        Replica r = replica(config);
        long eightDaysAgo = T0 - Duration.ofDays(8).toMillis();
        BlobRecord old = BlobRecord.tombstone(KEY, new Version(new Hlc(eightDaysAgo, 0), PEER), CausalContext.EMPTY);
        assertThat(r.merge(old)).isInstanceOf(MergeResult.Stale.class);
        assertThat(r.get(KEY)).isEmpty();
        BlobRecord recent = BlobRecord.tombstone(KEY, new Version(new Hlc(T0 - Duration.ofDays(6).toMillis(), 0), PEER),
                CausalContext.EMPTY);
        assertThat(r.merge(recent)).isInstanceOf(MergeResult.Applied.class);
    }

    @Test
    void theSweepExpiresOldLosersButKeepsWinners() {
        Replica r = replica(ReplicaConfig.defaults().withSweepLeavesPerTick(65_536));
        UUID deletedKey = new UUID(1, 1);
        r.write(deletedKey, false, H1, 1, "a/b", Precondition.NONE);
        r.write(deletedKey, true, Sha256.EMPTY, 0, "a/b", Precondition.NONE);
        put(r, H1, Precondition.NONE);                                   // KEY: our write ...
        r.merge(peerWrite(T0 - 1, H2, CausalContext.EMPTY));             // ... and a concurrent loser
        assertThat(r.get(KEY).orElseThrow().heads()).hasSize(2);
        wall.wall = T0 + Duration.ofHours(23).toMillis();
        r.sweep();
        assertThat(r.get(KEY).orElseThrow().heads()).as("a loser is kept a day").hasSize(2);
        wall.wall = T0 + Duration.ofHours(25).toMillis();
        r.sweep();
        assertThat(r.get(KEY).orElseThrow().heads()).as("then dropped; the winner stays").hasSize(1);
        assertThat(r.get(KEY).orElseThrow().winner().version().node()).isEqualTo(SELF);
        assertThat(r.get(deletedKey)).as("a delete is kept a week").isPresent();
        wall.wall = T0 + Duration.ofDays(8).toMillis();
        r.sweep();
        assertThat(r.get(KEY)).as("a live winner is never purged").isPresent();
        Replica rebuilt = replica(ReplicaConfig.defaults());
        assertThat(rebuilt.tree().root()).as("store and tree agree after the sweep").isEqualTo(r.tree().root());
        r.remove(KEY);
        r.remove(deletedKey);
        assertThat(r.get(KEY)).isEmpty();
        assertThat(r.tree().root()).isEqualTo(Digest.ZERO);
        r.remove(KEY); // nothing to remove: no change
        assertThat(r.tree().root()).isEqualTo(Digest.ZERO);
    }

    @Test
    void aLocalWriteBehindTheHeldVersionsIsRefusedNotWrittenBelowThem() {
        BlobRecord future = peerWrite(T0 + 600_000, H1, CausalContext.EMPTY); // held from before a clock step back
        KeyState held = KeyState.of(future);
        store.put(held, org.gossipcdn.core.antientropy.DigestTree.leafOf(KEY), Digest.of(held));
        Replica r = replica(ReplicaConfig.defaults());
        assertThat(put(r, H2, Precondition.NONE)).isInstanceOfSatisfying(WriteOutcome.Unavailable.class,
                u -> assertThat(u.reason()).contains("clock is behind"));
        assertThat(r.get(KEY)).contains(held);
    }

    @Test
    void aSignedWriteWhoseContextClaimsTheFutureIsIllFormed() {
        Replica r = replica(ReplicaConfig.defaults());
        Version v = new Version(new Hlc(T0, 0), idOf(OWNER));
        CausalContext impossible = CausalContext.of(java.util.Map.of(PEER, new Hlc(T0 + 5, 0)));
        assertThat(putSigned(r, signedWrite(OWNER, v, impossible, H1, v), H1)).isInstanceOfSatisfying(WriteOutcome.Invalid.class,
                i -> assertThat(i.reason()).contains("ill-formed"));
        assertThat(r.get(KEY)).isEmpty();
    }

    @Test
    void aPurgeRemovesOnlyTheDeleteItWasAskedFor() {
        Replica r = replica(ReplicaConfig.defaults());
        put(r, H1, Precondition.NONE);
        WriteOutcome.Written del = (WriteOutcome.Written) r.write(KEY, true, Sha256.EMPTY, 0, "a/b", Precondition.NONE);
        assertThat(r.purge(KEY, new Version(new Hlc(T0, 0), SELF))).as("another version").isFalse();
        assertThat(r.purge(new UUID(5, 5), del.record().version())).as("a key not held").isFalse();
        assertThat(r.get(KEY)).isPresent();
        assertThat(r.purge(KEY, del.record().version())).isTrue();
        assertThat(r.get(KEY)).isEmpty();
        assertThat(r.tree().root()).isEqualTo(Digest.ZERO);
        put(r, H1, Precondition.NONE);
        WriteOutcome.Written live = (WriteOutcome.Written) put(r, H2, Precondition.NONE);
        assertThat(r.purge(KEY, live.record().version())).as("a live key is never purged").isFalse();
    }

    @Test
    void aNodeThatLeftReSyncsWhenItReturnsAndSyncsAreRecordedAtMostOnceASecond() {
        Replica first = replica(ReplicaConfig.defaults());
        assertThat(first.isSynced()).as("an empty newcomer is no complete copy").isFalse();
        first.markAlone();
        assertThat(first.isSynced()).as("alone and empty: still nothing to vouch for").isFalse();
        put(first, H1, Precondition.NONE);
        first.markAlone();
        assertThat(first.isSynced()).isTrue();
        assertThat(lastSync()).isEqualTo(T0);
        wall.wall = T0 + 999;
        first.markInSync();
        assertThat(lastSync()).isEqualTo(T0);
        wall.wall = T0 + 1_000;
        first.markInSync();
        assertThat(lastSync()).isEqualTo(T0 + 1_000);
        assertThat(replica(ReplicaConfig.defaults()).isSynced()).as("remembered across restarts").isTrue();
        assertThat(replica(ReplicaConfig.defaults()).isStale()).isFalse();

        first.markLeaving();
        Replica back = replica(ReplicaConfig.defaults());
        assertThat(back.isStale()).isTrue();
        assertThat(put(back, H2, Precondition.NONE)).isInstanceOf(WriteOutcome.Unavailable.class);
        back.markInSync();
        assertThat(back.isStale()).isFalse();
        assertThat(replica(ReplicaConfig.defaults()).isStale()).as("the re-sync is remembered").isFalse();
        assertThat(put(back, H2, Precondition.NONE)).isInstanceOf(WriteOutcome.Written.class);
    }

    @Test
    void anEmptyNodeThatLeftHasNothingToReSync() {
        Replica r = replica(ReplicaConfig.defaults());
        r.markLeaving();
        assertThat(replica(ReplicaConfig.defaults()).isStale()).isFalse();
    }

    private long lastSync() {
        return java.nio.ByteBuffer.wrap(store.meta(Replica.META_LAST_SYNC).orElseThrow()).getLong();
    }

    // ---- owner-signed writes (proposal 0010) --------------------------------------------------

    private static final KeyPair OWNER = generate();
    private static final KeyPair OTHER = generate();

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static NodeId idOf(KeyPair k) {
        return OwnerSignature.ownerId(k.getPublic().getEncoded());
    }

    /** What an owner's client sends: its version, the context it saw, its signature over the write's fields and claim. */
    private static SignedWrite signedWrite(KeyPair k, Version v, CausalContext seen, Sha256 hash, Version since) {
        return new SignedWrite(v, seen, OwnerSignature.sign(k.getPrivate(), k.getPublic().getEncoded(), KEY, v, false, hash, 1,
                "text/plain", seen, since));
    }

    private SignedWrite signedWrite(Replica r, KeyPair k, Version v, Sha256 hash, Version since) {
        return signedWrite(k, v, r.get(KEY).map(KeyState::contextForNextWrite).orElse(CausalContext.EMPTY), hash, since);
    }

    private static WriteOutcome putSigned(Replica r, SignedWrite w, Sha256 hash) {
        return r.write(KEY, false, hash, 1, "text/plain", Precondition.NONE, w);
    }

    @Test
    void anOwnedKeyTakesOnlyItsOwnersWritesWithLaterVersions() {
        Replica r = replica(ReplicaConfig.defaults());
        Version first = new Version(new Hlc(T0, 0), idOf(OWNER));
        assertThat(putSigned(r, signedWrite(r, OWNER, first, H1, first), H1)).isInstanceOf(WriteOutcome.Written.class);
        assertThat(r.get(KEY).orElseThrow().claim()).isPresent();

        assertThat(put(r, H2, Precondition.NONE)).as("unsigned").isInstanceOfSatisfying(WriteOutcome.Forbidden.class,
                f -> assertThat(f.reason()).contains("owned by"));
        Version theirs = new Version(new Hlc(T0 + 10, 0), idOf(OTHER));
        assertThat(putSigned(r, signedWrite(r, OTHER, theirs, H2, theirs), H2)).as("another owner")
                .isInstanceOf(WriteOutcome.Forbidden.class);
        assertThat(putSigned(r, signedWrite(r, OWNER, first, H2, first), H2)).as("not after the held version")
                .isInstanceOf(WriteOutcome.Conflict.class);
        Version later = new Version(new Hlc(T0 + 10, 0), idOf(OWNER));
        assertThat(putSigned(r, signedWrite(r, OWNER, later, H1, first), H2)).as("signed over other content")
                .isInstanceOf(WriteOutcome.Forbidden.class);
        WriteOutcome ok = putSigned(r, signedWrite(r, OWNER, later, H2, first), H2);
        assertThat(ok).isInstanceOf(WriteOutcome.Written.class);
        assertThat(r.get(KEY).orElseThrow().heads()).containsExactly(((WriteOutcome.Written) ok).record());
        WriteOutcome.Written next = (WriteOutcome.Written) putSigned(r, signedWrite(r, OWNER,
                new Version(new Hlc(T0 + 10, 1), idOf(OWNER)), H1, first), H1);
        assertThat(next.record().version().hlc()).isEqualTo(new Hlc(T0 + 10, 1));
        Version delV = new Version(new Hlc(T0 + 11, 0), idOf(OWNER));
        CausalContext seen = r.get(KEY).orElseThrow().contextForNextWrite();
        WriteOutcome.Written del = (WriteOutcome.Written) r.write(KEY, true, Sha256.EMPTY, 0, "a/b", Precondition.NONE,
                new SignedWrite(delV, seen, OwnerSignature.sign(OWNER.getPrivate(), OWNER.getPublic().getEncoded(), KEY, delV, true,
                        Sha256.EMPTY, 0, BlobRecord.DEFAULT_CONTENT_TYPE, seen, first)));
        assertThat(del.record().tombstone()).isTrue();
    }

    @Test
    void aFirstSignedWriteMustClaimItselfAndBeNeitherAheadOfThisClockNorBackdated() {
        Replica r = replica(ReplicaConfig.defaults());
        Version v = new Version(new Hlc(T0, 0), idOf(OWNER));
        Version earlier = new Version(new Hlc(T0 - 1, 0), idOf(OWNER));
        assertThat(putSigned(r, signedWrite(r, OWNER, v, H1, earlier), H1)).isInstanceOfSatisfying(WriteOutcome.Invalid.class,
                i -> assertThat(i.reason()).contains("owned-since must be its own version"));
        Version farAhead = new Version(new Hlc(T0 + 60_001, 0), idOf(OWNER));
        assertThat(putSigned(r, signedWrite(r, OWNER, farAhead, H1, farAhead), H1)).isInstanceOfSatisfying(
                WriteOutcome.Invalid.class, i -> assertThat(i.reason()).contains("60 s ahead").contains("maxClockDrift 60 s"));
        Version backdated = new Version(new Hlc(T0 - 1_001, 0), idOf(OWNER));
        assertThat(putSigned(r, signedWrite(r, OWNER, backdated, H1, backdated), H1)).isInstanceOfSatisfying(
                WriteOutcome.Conflict.class, c -> assertThat(c.reason()).contains("1001 ms before"));
        Version slightlyBehind = new Version(new Hlc(T0 - 1_000, 0), new NodeId(5, 5)); // a client's own writer id
        assertThat(putSigned(new Replica(SELF, new InMemoryStore(), new HlcClock(wall, Duration.ofSeconds(60)),
                ReplicaConfig.defaults(), listener, skew), signedWrite(OWNER, slightlyBehind, CausalContext.EMPTY, H1, slightlyBehind), H1))
                .as("within the backdate tolerance, any writer id").isInstanceOf(WriteOutcome.Written.class);
        Version edge = new Version(new Hlc(T0 + 60_000, 0), idOf(OWNER));
        assertThat(putSigned(r, signedWrite(r, OWNER, edge, H1, edge), H1)).isInstanceOf(WriteOutcome.Written.class);
        assertThat(r.clock().last().compareTo(edge.hlc())).as("the signed version was observed").isGreaterThanOrEqualTo(0);
        assertThatThrownBy(() -> new SignedWrite(v, CausalContext.EMPTY, OwnerSignature.NONE)).hasMessageContaining("needs a signature");
    }

    @Test
    void settingsAreChecked() {
        ReplicaConfig d = ReplicaConfig.defaults();
        assertThat(d.maxHeads()).isEqualTo(d.maxLosersPerKey() + 1).isEqualTo(9);
        assertThat(new ReplicaConfig(d.maxClockDrift(), d.conflictRetention(), 0, d.tombstoneGrace(), 1).maxHeads()).isEqualTo(1);
        assertThat(d.withMaxClockDrift(Duration.ofSeconds(5)).maxClockDrift()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.withTombstoneGrace(Duration.ofDays(1)).tombstoneGrace()).isEqualTo(Duration.ofDays(1));
        assertThat(d.withSweepLeavesPerTick(3).sweepLeavesPerTick()).isEqualTo(3);
        assertThatThrownBy(() -> new ReplicaConfig(Duration.ZERO, d.conflictRetention(), 8, d.tombstoneGrace(), 1))
                .hasMessageContaining("maxClockDrift must be > 0");
        assertThatThrownBy(() -> new ReplicaConfig(d.maxClockDrift(), Duration.ofMillis(-1), 8, d.tombstoneGrace(), 1))
                .hasMessageContaining("conflictRetention must be > 0");
        assertThatThrownBy(() -> new ReplicaConfig(d.maxClockDrift(), d.conflictRetention(), 8, Duration.ZERO, 1))
                .hasMessageContaining("tombstoneGrace must be > 0");
        assertThatThrownBy(() -> new ReplicaConfig(d.maxClockDrift(), d.conflictRetention(), -1, d.tombstoneGrace(), 1))
                .hasMessageContaining("maxLosersPerKey must be >= 0");
        assertThatThrownBy(() -> new ReplicaConfig(d.maxClockDrift(), d.conflictRetention(), 8, d.tombstoneGrace(), 0))
                .hasMessageContaining("sweepLeavesPerTick must be >= 1");
    }
}
