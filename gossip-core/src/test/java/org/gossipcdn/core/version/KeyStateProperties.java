package org.gossipcdn.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The merge laws of proposal 0001, over realistic histories: merge is a join (commutative,
 * associative, idempotent), so the order and grouping in which replicas see writes does not
 * matter; the winner is the greatest version written; a knowingly overwritten record is never a
 * head; and a record nobody overwrote stays a head (nothing vanishes silently below the cap).
 * Winner, heads and merge are checked against {@link Reference}, a brute-force model written from
 * the proposal that shares no code with the implementation (not against {@code BlobRecord.ORDER}
 * or {@code dominates}, which the merge itself uses).
 */
class KeyStateProperties {

    private static final int UNCAPPED = Integer.MAX_VALUE;

    @Property
    void mergeIsCommutativeAssociativeAndIdempotent(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int replicas,
                                                    @ForAll @IntRange(min = 3, max = 40) int steps) {
        List<BlobRecord> all = Histories.records(seed, replicas, steps);
        Random random = new Random(seed);
        KeyState a = Histories.fold(Histories.sample(all, random), UNCAPPED);
        KeyState b = Histories.fold(Histories.sample(all, random), UNCAPPED);
        KeyState c = Histories.fold(Histories.sample(all, random), UNCAPPED);
        assertThat(a.merge(b, UNCAPPED)).isEqualTo(b.merge(a, UNCAPPED));
        assertThat(a.merge(b, UNCAPPED).merge(c, UNCAPPED)).isEqualTo(a.merge(b.merge(c, UNCAPPED), UNCAPPED));
        assertThat(a.merge(a, UNCAPPED)).isEqualTo(a);
    }

    @Property
    void anyDeliveryOrderGivesTheSameState(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int replicas,
                                           @ForAll @IntRange(min = 1, max = 40) int steps) {
        List<BlobRecord> all = Histories.records(seed, replicas, steps);
        List<BlobRecord> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(Histories.fold(shuffled, 9)).isEqualTo(Histories.fold(all, 9));
    }

    @Property
    void winnerIsTheGreatestVersionWritten(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int replicas,
                                           @ForAll @IntRange(min = 1, max = 40) int steps) {
        List<BlobRecord> all = Histories.records(seed, replicas, steps);
        BlobRecord max = Collections.max(all, Reference::order);
        assertThat(Histories.fold(all, 9).winner()).isEqualTo(max);
        List<BlobRecord> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(Histories.fold(shuffled, 1).winner()).as("even with no loser kept").isEqualTo(max);
    }

    @Property
    void headsAreExactlyTheRecordsNobodyOverwrote(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int replicas,
                                                  @ForAll @IntRange(min = 1, max = 40) int steps) {
        List<BlobRecord> all = Histories.records(seed, replicas, steps);
        KeyState state = Histories.fold(all, UNCAPPED);
        for (BlobRecord r : all) {
            boolean overwritten = all.stream().anyMatch(o -> Reference.overwrote(o, r));
            assertThat(state.heads().contains(r)).as("%s overwritten=%s", r.version(), overwritten).isEqualTo(!overwritten);
        }
    }

    /** Any two states a replica can hold merge to exactly what the brute-force model of the rule gives, capped or not. */
    @Property
    void mergeIsTheModelsTopKOfTheHeadsOfTheUnion(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int replicas,
                                                  @ForAll @IntRange(min = 1, max = 40) int steps,
                                                  @ForAll @IntRange(min = 1, max = 4) int cap) {
        List<BlobRecord> all = Histories.records(seed, replicas, steps);
        Random random = new Random(seed);
        KeyState a = Histories.fold(Histories.sample(all, random), cap);
        KeyState b = Histories.fold(Histories.sample(all, random), cap);
        List<BlobRecord> union = new ArrayList<>(a.heads());
        union.addAll(b.heads());
        assertThat(a.merge(b, cap).heads()).isEqualTo(Reference.heads(union, cap));
        assertThat(Histories.fold(all, UNCAPPED).heads()).isEqualTo(Reference.heads(all, UNCAPPED));
    }

    @Property
    void cappedMergeIsCommutativeAndIdempotent(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int cap) {
        List<BlobRecord> all = Histories.records(seed, 5, 30);
        Random random = new Random(seed);
        KeyState a = Histories.fold(Histories.sample(all, random), cap);
        KeyState b = Histories.fold(Histories.sample(all, random), cap);
        assertThat(a.merge(b, cap)).isEqualTo(b.merge(a, cap));
        assertThat(a.merge(a, cap)).isEqualTo(a);
        assertThat(a.heads()).hasSizeLessThanOrEqualTo(cap);
    }
}
