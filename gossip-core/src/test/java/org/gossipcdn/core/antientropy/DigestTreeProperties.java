package org.gossipcdn.core.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.replica.ReplicaConfig;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.time.Clock;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;

/**
 * Digest equality ⇔ same record set: two replicas fed the same records in different orders have
 * equal roots; fed sets that differ, their roots differ, and the top-down walk finds exactly the
 * leaves of the differing keys. The tree rebuilt from the store equals the one kept up to date.
 */
class DigestTreeProperties {

    private static final Clock FIXED = new Clock() {
        @Override
        public long wallMillis() {
            return 1_000_000;
        }

        @Override
        public long monotonicNanos() {
            return 0;
        }
    };

    private static Replica replica(InMemoryStore store) {
        return new Replica(new NodeId(0, 99), store, new HlcClock(FIXED, Duration.ofMinutes(1)), ReplicaConfig.defaults(),
                Listener.NONE);
    }

    private static List<BlobRecord> records(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<BlobRecord> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            UUID key = new UUID(random.nextLong(), random.nextLong());
            out.add(new BlobRecord(key, new Version(new Hlc(500_000 + i, 0), new NodeId(0, random.nextInt(4))), false,
                    Sha256.EMPTY, 0, "text/plain", CausalContext.EMPTY));
        }
        return out;
    }

    @Property(tries = 50)
    void sameRecordsInAnyOrderGiveEqualRoots(@ForAll long seed, @ForAll @IntRange(min = 0, max = 200) int count) {
        List<BlobRecord> rs = records(seed, count);
        Replica a = replica(new InMemoryStore());
        Replica b = replica(new InMemoryStore());
        rs.forEach(a::merge);
        new ArrayList<>(rs).reversed().forEach(b::merge);
        assertThat(a.tree().root()).isEqualTo(b.tree().root());
    }

    @Property(tries = 50)
    void differentSetsGiveDifferentRootsAndTheWalkFindsTheirLeaves(@ForAll long seed,
                                                                   @ForAll @IntRange(min = 1, max = 200) int count,
                                                                   @ForAll @IntRange(min = 1, max = 10) int missing) {
        List<BlobRecord> rs = records(seed, count);
        int drop = Math.min(missing, rs.size());
        Replica full = replica(new InMemoryStore());
        Replica partial = replica(new InMemoryStore());
        rs.forEach(full::merge);
        rs.subList(drop, rs.size()).forEach(partial::merge);
        assertThat(full.tree().root()).isNotEqualTo(partial.tree().root());
        Set<Integer> expected = new HashSet<>();
        rs.subList(0, drop).forEach(r -> expected.add(DigestTree.leafOf(r.key())));
        assertThat(differingLeaves(full.tree(), partial.tree(), 0, 0)).isEqualTo(expected);
    }

    @Property(tries = 30)
    void rebuildingFromTheStoreGivesTheSameTree(@ForAll long seed, @ForAll @IntRange(min = 0, max = 100) int count) {
        InMemoryStore store = new InMemoryStore();
        Replica a = replica(store);
        records(seed, count).forEach(a::merge);
        assertThat(new DigestTree(store).root()).isEqualTo(a.tree().root());
    }

    private static Set<Integer> differingLeaves(DigestTree x, DigestTree y, int level, int index) {
        Set<Integer> out = new HashSet<>();
        if (x.node(level, index).equals(y.node(level, index))) {
            return out;
        }
        if (level == DigestTree.LEAF_LEVEL) {
            out.add(index);
            return out;
        }
        for (int child : DigestTree.children(level, index)) {
            out.addAll(differingLeaves(x, y, level + 1, child));
        }
        return out;
    }
}
