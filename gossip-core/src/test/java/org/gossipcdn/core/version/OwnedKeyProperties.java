package org.gossipcdn.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;

/**
 * The merge rule of proposal 0010 over histories with owner-signed writes, two owners racing to
 * be first, and unsigned writers: still a join, every replica settles on the same claim (the
 * earliest first write) and holds only its records, and neither an unsigned record nor another
 * owner's can replace or delete an owned key's value, even one forged to claim it had seen
 * everything.
 */
class OwnedKeyProperties {

    private static final int UNCAPPED = Integer.MAX_VALUE;

    @Property
    void mergeStaysAJoinWithOwners(@ForAll long seed, @ForAll @IntRange(min = 2, max = 6) int replicas,
                                   @ForAll @IntRange(min = 3, max = 40) int steps) {
        List<BlobRecord> all = Histories.ownedRecords(seed, replicas, steps);
        if (all.isEmpty()) {
            return;
        }
        Random random = new Random(seed);
        KeyState a = Histories.fold(Histories.sample(all, random), UNCAPPED);
        KeyState b = Histories.fold(Histories.sample(all, random), UNCAPPED);
        KeyState c = Histories.fold(Histories.sample(all, random), UNCAPPED);
        assertThat(a.merge(b, UNCAPPED)).isEqualTo(b.merge(a, UNCAPPED));
        assertThat(a.merge(b, UNCAPPED).merge(c, UNCAPPED)).isEqualTo(a.merge(b.merge(c, UNCAPPED), UNCAPPED));
        assertThat(a.merge(a, UNCAPPED)).isEqualTo(a);
    }

    @Property
    void everyDeliveryOrderSettlesOnTheEarliestClaim(@ForAll long seed, @ForAll @IntRange(min = 2, max = 6) int replicas,
                                                     @ForAll @IntRange(min = 1, max = 40) int steps) {
        List<BlobRecord> all = Histories.ownedRecords(seed, replicas, steps);
        if (all.isEmpty()) {
            return;
        }
        List<BlobRecord> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(seed));
        KeyState state = Histories.fold(all, UNCAPPED);
        assertThat(Histories.fold(shuffled, UNCAPPED)).isEqualTo(state);
        OwnerSignature earliest = Reference.claim(all); // the model, not KeyState.claimOf
        assertThat(state.claim().isPresent()).isEqualTo(earliest != null);
        if (earliest != null) {
            assertThat(state.claim().get().publicKey()).isEqualTo(earliest.publicKey());
            assertThat(state.claim().get().since()).isEqualTo(earliest.since());
            assertThat(state.winner().isSigned()).isTrue();
        }
        assertThat(state.heads()).isEqualTo(Reference.heads(all, UNCAPPED));
    }

    @Property
    void forgedRecordsNeverReplaceOrDeleteAnOwnedValue(@ForAll long seed, @ForAll @IntRange(min = 2, max = 6) int replicas,
                                                       @ForAll @IntRange(min = 1, max = 40) int steps,
                                                       @ForAll boolean tombstone, @ForAll boolean signedByOther) {
        List<BlobRecord> all = Histories.ownedRecords(seed, replicas, steps);
        KeyState honest = all.isEmpty() ? null : Histories.fold(all, UNCAPPED);
        if (honest == null || honest.claim().isEmpty()) {
            return;
        }
        // a member with the cluster key writes a record that saw everything and is newer than everything,
        // unsigned or signed with its own key as a new claim (a backdated claim is proposal 0010's open risk)
        CausalContext everything = honest.contextForNextWrite();
        for (BlobRecord r : all) {
            everything = everything.with(r.version());
        }
        long newest = Collections.max(all, Reference::order).version().hlc().wallMillis();
        BlobRecord forged;
        if (signedByOther) {
            byte[] other = Histories.ownerKey(99);
            Version v = new Version(new Hlc(newest + 1000, 0), OwnerSignature.ownerId(other));
            BlobRecord unsigned = tombstone ? BlobRecord.tombstone(Histories.KEY, v, everything)
                    : new BlobRecord(Histories.KEY, v, false, Sha256.of(new byte[] {9}), 1, "text/html", everything);
            forged = unsigned.signed(OwnerSignature.of(other, v, new byte[OwnerSignature.SIGNATURE_BYTES]));
        } else {
            Version v = new Version(new Hlc(newest + 1000, 0), new NodeId(7, 7));
            forged = tombstone ? BlobRecord.tombstone(Histories.KEY, v, everything)
                    : new BlobRecord(Histories.KEY, v, false, Sha256.of(new byte[] {9}), 1, "text/html", everything);
        }
        KeyState after = honest.merge(forged, UNCAPPED);
        assertThat(after).isEqualTo(honest);
        assertThat(KeyState.of(forged).merge(honest, UNCAPPED)).isEqualTo(honest);
    }
}
