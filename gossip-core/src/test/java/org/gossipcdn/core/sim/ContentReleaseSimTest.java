package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.placement.ContentRelease;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.replica.WriteOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * When a node may give up a copy of content it does not hold (proposal 0016, "Releasing a copy"):
 * only once, for every key that names the content, min(R, live) of that key's holders confirm it;
 * a node confirms only a copy it keeps for good (it holds the key); and nothing deletes a copy
 * of content that a key this node holds names. Judged on outcomes in the simulator: which nodes
 * still store the bytes.
 */
class ContentReleaseSimTest {

    private static final int NODES = 6;
    private static final int WRITER = 0;

    private static SimCluster cluster(long seed) {
        GossipConfig d = GossipConfig.defaults();
        SimCluster c = new SimCluster(seed, NODES, d.withPlacement(d.placement().withReplicas(1).withScanInterval(Duration.ofMillis(200))), i -> Listener.NONE);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(2));
        return c;
    }

    /** The index of the node that holds {@code key} (R = 1), as node 0 ranks it. */
    private static int holderOf(SimCluster c, UUID key) {
        return c.indexOf(c.await(c.node(WRITER).rank(key)).get(0).member().id());
    }

    /** A key held (R = 1) by a node for which {@code wanted} is true. */
    private static UUID keyHeldBy(SimCluster c, long seed, java.util.function.IntPredicate wanted) {
        for (long i = 1; ; i++) {
            UUID key = new UUID(seed, i);
            if (wanted.test(holderOf(c, key))) {
                return key;
            }
        }
    }

    /** Several pairs of keys: a pass meets the two keys in either order. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void aCopyOfContentSharedByTwoKeysStaysUntilTheHoldersOfBothConfirm(long pair) {
        SimCluster c = cluster(41);
        UUID first = keyHeldBy(c, 2 * pair, h -> h != WRITER);
        int a = holderOf(c, first);
        UUID second = keyHeldBy(c, 2 * pair + 1, h -> h != WRITER && h != a);
        int b = holderOf(c, second);
        // The writer and the first key's holder are cut off from everyone else, the second key's holder with them.
        Set<org.gossipcdn.core.identity.Address> small = Set.of(c.member(WRITER).address, c.member(a).address);
        Set<org.gossipcdn.core.identity.Address> rest = new java.util.HashSet<>();
        for (int i = 0; i < NODES; i++) {
            if (i != WRITER && i != a) {
                rest.add(c.member(i).address);
            }
        }
        c.network().partition(List.of(small, rest));
        byte[] bytes = "the same bytes under two keys".getBytes();
        Sha256 hash = Sha256.of(bytes);
        assertThat(c.write(WRITER, first, bytes)).isInstanceOf(WriteOutcome.Written.class);
        assertThat(c.write(WRITER, second, bytes)).isInstanceOf(WriteOutcome.Written.class);

        // Within failure detection: the writer still counts b as a live member, so b holds the second key.
        c.network().runFor(Duration.ofMillis(1500));
        assertThat(c.member(a).store.hasContent(hash)).as("the first key's holder fetched the content").isTrue();
        assertThat(c.member(b).store.hasContent(hash)).as("the second key's holder is cut off").isFalse();
        assertThat(statusAt(c, WRITER, c.member(b).id)).as("b as the writer sees it").isNotEqualTo(MemberStatus.DEAD);
        assertThat(c.member(WRITER).store.hasContent(hash))
                .as("the writer keeps the only copy the second key has until its holder confirms one")
                .isTrue();

        c.network().heal();
        assertThat(c.network().runUntil(() -> c.member(b).store.hasContent(hash) && !c.member(WRITER).store.hasContent(hash),
                Duration.ofMillis(100), Duration.ofMinutes(2)))
                .as("after the heal the second holder has it and the writer lets its copy go").isTrue();
    }

    @Test
    void aNodeConfirmsOnlyACopyItHolds() {
        SimCluster c = cluster(42);
        UUID key = keyHeldBy(c, 100, h -> h != WRITER);
        int holder = holderOf(c, key);
        Set<org.gossipcdn.core.identity.Address> alone = Set.of(c.member(holder).address);
        Set<org.gossipcdn.core.identity.Address> rest = new java.util.HashSet<>();
        for (int i = 0; i < NODES; i++) {
            if (i != holder) {
                rest.add(c.member(i).address);
            }
        }
        c.network().partition(List.of(alone, rest));
        byte[] bytes = "only the writer has these".getBytes();
        WriteOutcome.Written w = (WriteOutcome.Written) c.write(WRITER, key, bytes);
        c.network().runFor(Duration.ofMillis(500));
        assertThat(c.member(WRITER).store.hasContent(Sha256.of(bytes))).as("the writer keeps its copy").isTrue();
        int asker = WRITER == 1 || holder == 1 ? (WRITER == 2 || holder == 2 ? 3 : 2) : 1;
        Member writer = memberAt(c, asker, c.member(WRITER).id);
        var reply = c.await(c.node(asker).askHas(writer, key, w.record().version()));
        assertThat(reply.present()).as("the writer has the bytes on disk").isTrue();
        assertThat(reply.stored()).as("but does not hold the key: no confirmation").isFalse();
    }

    @Test
    void nothingDeletesContentThatAKeyThisNodeHoldsNames() throws Exception {
        SimCluster c = cluster(43);
        UUID key = keyHeldBy(c, 101, h -> h != WRITER);
        int holder = holderOf(c, key);
        byte[] bytes = "held".getBytes();
        c.write(WRITER, key, bytes);
        Sha256 hash = Sha256.of(bytes);
        assertThat(c.network().runUntil(() -> c.member(holder).store.hasContent(hash), Duration.ofMillis(50),
                Duration.ofSeconds(30))).isTrue();
        assertThat(c.await(c.node(holder).deleteIfUnneeded(hash))).as("a holder's copy").isFalse();
        assertThat(c.member(holder).store.hasContent(hash)).isTrue();

        int other = holder == 1 ? 2 : 1;
        byte[] loose = "referenced by nothing".getBytes();
        c.member(other).store.putContent(new ByteArrayInputStream(loose), loose.length);
        assertThat(c.await(c.node(other).deleteIfUnneeded(Sha256.of(loose)))).as("content no key names").isTrue();
        assertThat(c.member(other).store.hasContent(Sha256.of(loose))).isFalse();
    }

    @Test
    void contentNamedByMoreKeysThanAreCheckedIsKept() throws Exception {
        SimCluster c = cluster(44);
        byte[] bytes = "named by many keys".getBytes();
        Sha256 hash = Sha256.of(bytes);
        // keys none of which node `other` holds, all naming the same content
        int other = 1;
        List<UUID> keys = new ArrayList<>();
        for (long i = 1; keys.size() < ContentRelease.REFERRERS_CHECKED + 6; i++) {
            UUID key = new UUID(102, i);
            if (holderOf(c, key) != other) {
                keys.add(key);
            }
        }
        for (UUID key : keys) {
            c.write(WRITER, key, bytes);
        }
        assertThat(c.network().runUntil(() -> c.state(other, keys.get(keys.size() - 1)).isPresent(),
                Duration.ofMillis(50), Duration.ofSeconds(30))).isTrue();
        c.member(other).store.putContent(new ByteArrayInputStream(bytes), bytes.length);
        assertThat(c.await(c.node(other).deleteIfUnneeded(hash)))
                .as("too many keys name it to check that this node holds none").isFalse();
        assertThat(c.member(other).store.hasContent(hash)).isTrue();
    }

    private static MemberStatus statusAt(SimCluster c, int viewer, NodeId id) {
        return memberAt(c, viewer, id).status();
    }

    private static Member memberAt(SimCluster c, int viewer, NodeId id) {
        return c.await(c.node(viewer).members()).stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }
}
