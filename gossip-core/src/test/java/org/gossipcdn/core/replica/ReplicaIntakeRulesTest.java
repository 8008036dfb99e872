package org.gossipcdn.core.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.time.ClockSkew;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.time.ManualClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/**
 * What a replica takes from peers (issue 11): defects 2, 3, 5 and 7, each a rule the replica
 * broke before. The expected outcomes are written from proposals 0001, 0003 and 0010.
 */
class ReplicaIntakeRulesTest {

    private static final long NOW = 1_800_000_000_000L;
    private static final NodeId A = new NodeId(0, 1);
    private static final NodeId B = new NodeId(0, 2);
    private static final UUID KEY = new UUID(7, 7);

    private final ManualClock clock = new ManualClock(NOW);
    private final ReplicaConfig config = ReplicaConfig.defaults().withTombstoneGrace(Duration.ofHours(1))
            .withSweepLeavesPerTick(org.gossipcdn.core.antientropy.DigestTree.LEAVES);

    private Replica replica(InMemoryStore store) {
        ClockSkew skew = new ClockSkew();
        skew.expectPeers(0); // alone: nothing to compare with, writes allowed
        return new Replica(new NodeId(0, 99), store, new HlcClock(clock, config.maxClockDrift()), config, Listener.NONE, skew);
    }

    private static BlobRecord tombstone(long wall, NodeId node, CausalContext seen) {
        return BlobRecord.tombstone(KEY, new Version(new Hlc(wall, 0), node), seen);
    }

    private static BlobRecord empty(long wall, NodeId node, CausalContext seen) {
        return new BlobRecord(KEY, new Version(new Hlc(wall, 0), node), false, Sha256.EMPTY, 0, "text/plain", seen);
    }

    @Test
    void aPurgedDeleteDoesNotComeBackThroughTheLoserKeptBesideIt() {
        long old = NOW - Duration.ofHours(2).toMillis(); // past the grace period
        BlobRecord delete = tombstone(old, A, CausalContext.EMPTY);
        BlobRecord concurrentWrite = empty(old - 5, B, CausalContext.EMPTY);
        KeyState peerState = KeyState.of(delete).merge(concurrentWrite, 9);
        assertThat(peerState.heads()).hasSize(2);

        Replica purgedHere = replica(new InMemoryStore());
        purgedHere.merge(peerState.heads());

        assertThat(purgedHere.get(KEY)).as("the key was deleted and purged here; its loser must not become a live winner")
                .isEmpty();
    }

    @Test
    void aLoserPastRetentionIsNotTakenBackFromAPeerThatHasNotSweptIt() {
        long winnerWall = NOW - 1_000;
        long expiredWall = NOW - config.conflictRetention().toMillis() - 60_000;
        BlobRecord loser = empty(expiredWall, B, CausalContext.EMPTY);
        BlobRecord winner = empty(winnerWall, A, CausalContext.EMPTY);
        Replica r = replica(new InMemoryStore());
        r.merge(List.of(winner));

        r.merge(List.of(winner, loser));

        assertThat(r.get(KEY).orElseThrow().heads()).containsExactly(winner);
    }

    @Test
    void aSweepDropsExpiredLosersWhereverItsCursorStands() {
        BlobRecord winner = empty(NOW - 1_000, A, CausalContext.EMPTY);
        BlobRecord loser = empty(NOW - 5_000, B, CausalContext.EMPTY);
        Replica r = replica(new InMemoryStore());
        r.merge(List.of(winner, loser));
        assertThat(r.get(KEY).orElseThrow().heads()).hasSize(2);

        clock.wall += config.conflictRetention().toMillis();
        assertThat(r.state(KEY).orElseThrow().heads()).containsExactly(winner);
        assertThat(r.get(KEY).orElseThrow().heads()).as("the drop is committed").containsExactly(winner);
    }

    @Test
    void aRecordWhoseContextClaimsItsOwnVersionOrLaterIsRefusedAndTheKeyStaysWritable() throws Exception {
        KeyPair owner = ed25519();
        byte[] pub = owner.getPublic().getEncoded();
        NodeId ownerId = OwnerSignature.ownerId(pub);
        Version v1 = new Version(new Hlc(NOW - 10_000, 0), ownerId);
        BlobRecord signed = signed(owner, pub, v1, v1, CausalContext.EMPTY);
        assertThat(signed.owner().verifies(signed)).isTrue();
        Replica r = replica(new InMemoryStore());
        assertThat(r.merge(List.of(signed))).isNotNull();
        assertThat(r.get(KEY).orElseThrow().winner()).isEqualTo(signed);

        // A member with the cluster key copies the signed winner and forges its context: {owner: max}.
        BlobRecord forged = new BlobRecord(KEY, v1, false, Sha256.EMPTY, 0, "text/plain",
                CausalContext.of(Map.of(ownerId, new Hlc(Hlc.MAX_WALL, Hlc.MAX_COUNTER))), signed.owner());
        assertThat(forged.problem()).isPresent();
        Assessment assessment = r.assess(List.of(forged));
        assertThat(assessment.refused()).hasSize(1);
        assertThat(assessment.refused().get(0).untrusted()).isTrue();
        r.merge(List.of(forged));
        assertThat(r.get(KEY).orElseThrow().heads()).containsExactly(signed);

        // The owner can still write.
        Version v2 = new Version(new Hlc(NOW, 1), ownerId);
        CausalContext seen = r.get(KEY).orElseThrow().contextForNextWrite();
        BlobRecord next = signed(owner, pub, v2, v1, seen);
        WriteOutcome out = r.write(KEY, false, Sha256.EMPTY, 0, "text/plain", Precondition.NONE,
                new SignedWrite(v2, seen, next.owner()));
        assertThat(out).isInstanceOf(WriteOutcome.Written.class);
    }

    @Test
    void theOwnerSignatureCoversTheCausalContext() throws Exception {
        KeyPair owner = ed25519();
        byte[] pub = owner.getPublic().getEncoded();
        NodeId writer = new NodeId(5, 5);
        Version v1 = new Version(new Hlc(NOW - 10_000, 0), writer);
        Version v2 = new Version(new Hlc(NOW - 5_000, 0), new NodeId(6, 6));
        BlobRecord first = signed(owner, pub, v1, v1, CausalContext.EMPTY);
        BlobRecord concurrent = signed(owner, pub, v2, v1, CausalContext.EMPTY);
        Replica r = replica(new InMemoryStore());
        r.merge(List.of(first, concurrent));
        assertThat(r.get(KEY).orElseThrow().heads()).hasSize(2);

        // A copy of the winner whose (well-formed) context now claims to have seen the other write.
        BlobRecord forged = new BlobRecord(KEY, v2, false, Sha256.EMPTY, 0, "text/plain",
                CausalContext.of(Map.of(writer, v1.hlc())), concurrent.owner());
        assertThat(forged.problem()).isEmpty();
        assertThat(forged.owner().verifies(forged)).isFalse();
        r.merge(List.of(forged));
        assertThat(r.get(KEY).orElseThrow().heads()).as("the owner's concurrent write stays visible").hasSize(2);
    }

    @Test
    void twoClientsOfOneOwnerKeyKeepEachOthersConcurrentWrites() throws Exception {
        KeyPair owner = ed25519();
        byte[] pub = owner.getPublic().getEncoded();
        NodeId clientA = new NodeId(11, 1);
        NodeId clientB = new NodeId(11, 2);
        Version first = new Version(new Hlc(NOW - 30_000, 0), clientB);
        BlobRecord b1 = signed(owner, pub, first, first, CausalContext.EMPTY);
        Replica r = replica(new InMemoryStore());
        r.merge(List.of(b1));
        CausalContext seenB1 = r.get(KEY).orElseThrow().contextForNextWrite();
        // A writes having seen b1; B writes again having seen only b1 as well, later than A.
        BlobRecord a = signed(owner, pub, new Version(new Hlc(NOW - 20_000, 0), clientA), first, seenB1);
        BlobRecord b2 = signed(owner, pub, new Version(new Hlc(NOW - 10_000, 0), clientB), first, seenB1);
        r.merge(List.of(b2));
        // B writes a third time at a node that had not received A's write: it saw only its own b2.
        CausalContext seenB2 = r.get(KEY).orElseThrow().contextForNextWrite();
        BlobRecord b3 = signed(owner, pub, new Version(new Hlc(NOW - 5_000, 0), clientB), first, seenB2);
        r.merge(List.of(b3));
        r.merge(List.of(a));
        assertThat(r.get(KEY).orElseThrow().heads()).as("B never saw A's write: it stays as a kept loser")
                .containsExactly(b3, a);
    }

    @Test
    void aSignedWriteCannotBeBackdatedToWinTheRaceOfFirstWriters() throws Exception {
        KeyPair owner = ed25519();
        byte[] pub = owner.getPublic().getEncoded();
        Version backdated = new Version(new Hlc(NOW - 50_000, 0), new NodeId(3, 3)); // within maxClockDrift
        BlobRecord rec = signed(owner, pub, backdated, backdated, CausalContext.EMPTY);
        Replica r = replica(new InMemoryStore());
        WriteOutcome out = r.write(KEY, false, Sha256.EMPTY, 0, "text/plain", Precondition.NONE,
                new SignedWrite(backdated, CausalContext.EMPTY, rec.owner()));
        assertThat(out).isInstanceOf(WriteOutcome.Conflict.class);
        assertThat(r.get(KEY)).isEmpty();
    }

    @Test
    void anOldOwnersPurgeableDeleteDoesNotWipeANewOwnersFirstWrite() throws Exception {
        KeyPair oldOwner = ed25519();
        KeyPair newOwner = ed25519();
        long old = NOW - Duration.ofHours(3).toMillis(); // the old owner's delete is past the grace period
        Version since = new Version(new Hlc(old - 1_000, 0), new NodeId(1, 1));
        Version deleteVersion = new Version(new Hlc(old, 0), new NodeId(1, 1));
        OwnerSignature delSig = OwnerSignature.sign(oldOwner.getPrivate(), oldOwner.getPublic().getEncoded(), KEY,
                deleteVersion, true, Sha256.EMPTY, 0, BlobRecord.DEFAULT_CONTENT_TYPE,
                CausalContext.of(Map.of(new NodeId(1, 1), since.hlc())), since);
        BlobRecord oldDelete = BlobRecord.tombstone(KEY, deleteVersion, CausalContext.of(Map.of(new NodeId(1, 1), since.hlc())))
                .signed(delSig);
        assertThat(oldDelete.owner().verifies(oldDelete)).isTrue();

        // The key was purged here; the new owner's first write took it.
        Replica r = replica(new InMemoryStore());
        Version first = new Version(new Hlc(NOW, 0), new NodeId(2, 2));
        BlobRecord newWrite = signed(newOwner, newOwner.getPublic().getEncoded(), first, first, CausalContext.EMPTY);
        r.merge(List.of(newWrite));

        // A node that has not purged the old delete yet offers it.
        r.merge(List.of(oldDelete));

        assertThat(r.get(KEY).orElseThrow().heads()).containsExactly(newWrite);
    }

    @Test
    void oneBadRecordDoesNotStopTheOthersOfTheSameOffer() {
        BlobRecord good = empty(NOW - 1_000, A, CausalContext.EMPTY);
        BlobRecord bad = empty(NOW - 2_000, B, CausalContext.of(Map.of(A, new Hlc(NOW, 0))));
        Replica r = replica(new InMemoryStore());
        r.merge(List.of(bad, good));
        assertThat(r.get(KEY).orElseThrow().heads()).containsExactly(good);
    }

    @Test
    void theKeyDigestSeesEveryFieldAndTwoHeadsNeverCancel() {
        BlobRecord base = empty(NOW, A, CausalContext.EMPTY);
        BlobRecord otherContext = empty(NOW, A, CausalContext.of(Map.of(B, new Hlc(NOW - 1, 0))));
        BlobRecord otherType = new BlobRecord(KEY, base.version(), false, Sha256.EMPTY, 0, "text/html", CausalContext.EMPTY);
        assertThat(Digest.of(KeyState.of(base))).isNotEqualTo(Digest.of(KeyState.of(otherContext)));
        assertThat(Digest.of(KeyState.of(base))).isNotEqualTo(Digest.of(KeyState.of(otherType)));
        // Two heads that agree in version, hash and tombstone flag: the old XOR of per-head items cancelled to zero.
        KeyState twoHeads = new KeyState(KEY, List.of(otherContext, base).stream()
                .sorted(BlobRecord.ORDER.reversed()).toList());
        assertThat(Digest.of(twoHeads)).isNotEqualTo(Digest.ZERO);
        assertThat(Digest.of(twoHeads)).isNotEqualTo(Digest.of(KeyState.of(base)));
    }

    @Test
    void aPurgeCheckIsAnsweredSafeOnlyWhenNothingBesideTheDeleteMustStay() {
        long old = NOW - Duration.ofHours(2).toMillis();
        BlobRecord value = empty(old - 10, B, CausalContext.EMPTY);
        BlobRecord delete = tombstone(old, A, CausalContext.of(Map.of(B, value.version().hlc())));
        BlobRecord concurrent = empty(old + 5, B, CausalContext.EMPTY); // did not see the delete
        BlobRecord overwrite = empty(old + 10, B, CausalContext.of(Map.of(A, delete.version().hlc())));
        BlobRecord muchLater = empty(old + config.tombstoneGrace().toMillis() + 1_000, new NodeId(0, 3), CausalContext.EMPTY);
        Version t = delete.version();

        assertThat(replica(new InMemoryStore()).cannotResurrect(KEY, t)).as("holds nothing").isTrue();
        Replica holdsDelete = replica(new InMemoryStore());
        holdsDelete.merge(List.of(value, delete));
        assertThat(holdsDelete.cannotResurrect(KEY, t)).as("holds the delete alone").isTrue();
        Replica holdsOldValue = replica(new InMemoryStore());
        holdsOldValue.merge(List.of(value));
        assertThat(holdsOldValue.cannotResurrect(KEY, t)).as("holds the value it deleted").isFalse();
        Replica holdsLoser = replica(new InMemoryStore());
        holdsLoser.merge(List.of(delete, concurrent));
        assertThat(holdsLoser.cannotResurrect(KEY, t)).as("holds a concurrent write beside the delete").isFalse();
        Replica overwritten = replica(new InMemoryStore());
        overwritten.merge(List.of(delete, overwrite));
        assertThat(overwritten.cannotResurrect(KEY, t)).as("holds a write that overwrote the delete").isTrue();
        Replica fresh = replica(new InMemoryStore());
        fresh.merge(List.of(muchLater));
        assertThat(fresh.cannotResurrect(KEY, t)).as("holds only a write made after the delete could be purged").isTrue();
    }

    @Test
    void aPurgeDoesNotTakeALoserThatArrivedAfterTheCheck() {
        BlobRecord delete = tombstone(NOW - 1_000, A, CausalContext.EMPTY);
        Replica r = replica(new InMemoryStore());
        r.merge(List.of(delete));
        clock.wall += Duration.ofHours(2).toMillis(); // the delete is past the grace period: a purge candidate
        assertThat(r.sweep()).containsExactly(delete);
        r.merge(List.of(empty(NOW - 1_005, B, CausalContext.EMPTY))); // a concurrent write arrives: a loser beside it
        assertThat(r.purge(KEY, delete.version())).isFalse();
        assertThat(r.get(KEY).orElseThrow().heads()).hasSize(2);
    }

    private BlobRecord signed(KeyPair owner, byte[] pub, Version v, Version since, CausalContext seen) {
        OwnerSignature sig = OwnerSignature.sign(owner.getPrivate(), pub, KEY, v, false, Sha256.EMPTY, 0, "text/plain", seen,
                since);
        return new BlobRecord(KEY, v, false, Sha256.EMPTY, 0, "text/plain", seen, sig);
    }

    private static KeyPair ed25519() throws NoSuchAlgorithmException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }
}
