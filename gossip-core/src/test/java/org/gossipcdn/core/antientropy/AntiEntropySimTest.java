package org.gossipcdn.core.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.gossipcdn.core.AntiEntropyConfig;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.Ping;
import org.gossipcdn.core.spi.MessageHandler;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.DigestQuery;
import org.gossipcdn.core.message.DigestReply;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.KeyDigests;
import org.gossipcdn.core.message.KeyDigestsQuery;
import org.gossipcdn.core.message.Records;
import org.gossipcdn.core.message.RecordsPush;
import org.gossipcdn.core.message.RecordsQuery;
import org.gossipcdn.core.message.StatesQuery;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.sim.SimCluster;
import org.gossipcdn.core.sim.SimNetwork;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/**
 * Anti-entropy through the node's public surface on a simulated network: what it answers (and
 * refuses) to peers' queries, that it reconciles replicas a partition kept apart, and the re-sync
 * rule of proposal 0003 (a node away past the grace refuses writes, answers "not ready" and drops
 * what the cluster deleted and purged meanwhile).
 */
class AntiEntropySimTest {

    private static GossipMessage ask(SimCluster c, int node, GossipMessage query) {
        return c.await(c.node(node).handle(query));
    }

    private static Set<UUID> keysIn(Records r) {
        return r.states().stream().map(KeyState::key).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void queriesAreAnsweredFromTheTreeAndTheStoreWithinTheirLimits() {
        SimCluster c = new SimCluster(21, 2, GossipConfig.defaults(), i -> Listener.NONE);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(2));
        UUID k = new UUID(11, 12);
        assertThat(c.write(0, k, new byte[] {1, 2})).isInstanceOf(WriteOutcome.Written.class);
        int leaf = DigestTree.leafOf(k);
        int emptyLeaf = (leaf + 1) % DigestTree.LEAVES;

        DigestReply root = (DigestReply) ask(c, 0, new DigestQuery(0, List.of(0)));
        assertThat(root.ready()).isTrue();
        assertThat(root.digests()).containsExactly(c.await(c.node(0).status()).digestRoot());
        assertThat(root.digests().get(0).isZero()).isFalse();
        DigestReply leaves = (DigestReply) ask(c, 0, new DigestQuery(DigestTree.LEAF_LEVEL, List.of(leaf, emptyLeaf)));
        assertThat(leaves.digests().get(0)).as("a leaf with one key is that key's digest").isEqualTo(root.digests().get(0));
        assertThat(leaves.digests().get(1)).isEqualTo(Digest.ZERO);
        List<Integer> most = IntStream.range(0, 4096).boxed().toList();
        assertThat(((DigestReply) ask(c, 0, new DigestQuery(DigestTree.LEAF_LEVEL, most))).digests()).hasSize(4096);
        assertThatThrownBy(() -> ask(c, 0, new DigestQuery(DigestTree.LEAF_LEVEL + 1, List.of(0))))
                .rootCause().isInstanceOf(IllegalArgumentException.class);
        List<Integer> tooMany = IntStream.range(0, 4097).boxed().toList();
        assertThatThrownBy(() -> ask(c, 0, new DigestQuery(DigestTree.LEAF_LEVEL, tooMany)))
                .rootCause().isInstanceOf(IllegalArgumentException.class);

        KeyDigests kd = (KeyDigests) ask(c, 0, new KeyDigestsQuery(List.of(leaf, emptyLeaf)));
        assertThat(kd.ready()).isTrue();
        assertThat(kd.entries()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo(k);
            assertThat(e.digest()).isEqualTo(root.digests().get(0));
        });
        Records byLeaf = (Records) ask(c, 0, new RecordsQuery(List.of(leaf)));
        assertThat(byLeaf.ready()).isTrue();
        assertThat(keysIn(byLeaf)).containsExactly(k);
        Records byKey = (Records) ask(c, 0, new StatesQuery(List.of(k, new UUID(99, 99))));
        assertThat(keysIn(byKey)).containsExactly(k);
        assertThat(byKey.states().get(0)).isEqualTo(c.state(0, k).orElseThrow());

        // leaves: 0..65535, at most 4 · maxLeavesPerQuery (1024) per query; keys: at most 64 · 256
        for (GossipMessage bad : List.of(new KeyDigestsQuery(List.of(-1)), new KeyDigestsQuery(List.of(DigestTree.LEAVES)),
                new RecordsQuery(List.of(DigestTree.LEAVES)), new RecordsQuery(List.of(-1)),
                new KeyDigestsQuery(IntStream.range(0, 1025).boxed().toList()),
                new RecordsQuery(IntStream.range(0, 1025).boxed().toList()),
                new StatesQuery(Collections.nCopies(16_385, k)))) {
            assertThatThrownBy(() -> ask(c, 0, bad)).as(bad.type()).rootCause().isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(((KeyDigests) ask(c, 0, new KeyDigestsQuery(IntStream.range(DigestTree.LEAVES - 1024, DigestTree.LEAVES)
                .boxed().toList()))).ready()).isTrue();
        assertThat(((Records) ask(c, 0, new RecordsQuery(IntStream.range(0, 1024).boxed().toList()))).ready()).isTrue();
        assertThat(((Records) ask(c, 0, new StatesQuery(Collections.nCopies(16_384, k)))).states()).hasSize(16_384);
    }

    @Test
    void pushedStatesAreOfferedAndTakenLikeGossip() {
        SimCluster c = new SimCluster(22, 2, GossipConfig.defaults(), i -> Listener.NONE);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(2));
        UUID k = new UUID(5, 6);
        long now = SimNetwork.EPOCH_MILLIS + c.network().nowNanos() / 1_000_000;
        BlobRecord empty = new BlobRecord(k, new Version(new Hlc(now, 0), new NodeId(7, 7)), false, Sha256.EMPTY, 0,
                "text/plain", CausalContext.EMPTY);
        ask(c, 0, new RecordsPush(c.member(1).address, List.of(KeyState.of(empty))));
        assertThat(c.network().runUntil(() -> c.state(0, k).isPresent(), Duration.ofMillis(10), Duration.ofSeconds(5))).isTrue();
        assertThat(c.state(0, k).orElseThrow().winner()).isEqualTo(empty);
    }

    @Test
    void aHealedPartitionIsReconciledKeyByKey() {
        GossipConfig config = GossipConfig.defaults();
        config = config.withAntiEntropy(new AntiEntropyConfig(Duration.ofSeconds(1), 1, Duration.ofSeconds(2),
                Duration.ofMinutes(1))); // one leaf per query: many batches
        SimCluster c = new SimCluster(23, 4, config, i -> Listener.NONE);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(3));
        c.network().partition(List.of(Set.of(c.member(0).address, c.member(1).address),
                Set.of(c.member(2).address, c.member(3).address)));
        List<UUID> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            UUID k = new UUID(100, i);
            keys.add(k);
            assertThat(c.write(i % 2 == 0 ? 0 : 3, k, new byte[] {(byte) i})).isInstanceOf(WriteOutcome.Written.class);
        }
        UUID both = new UUID(200, 0);
        c.write(1, both, new byte[] {1});
        c.write(2, both, new byte[] {2});
        c.network().runFor(Duration.ofSeconds(30));
        assertThat(c.state(3, keys.get(0))).as("the partition held").isEmpty();
        c.network().heal();
        boolean converged = c.network().runUntil(() -> c.converged()
                && keys.stream().allMatch(k -> IntStream.range(0, 4).allMatch(i -> c.state(i, k).isPresent())),
                Duration.ofSeconds(1), Duration.ofMinutes(5));
        assertThat(converged).isTrue();
        KeyState s0 = c.state(0, both).orElseThrow();
        for (int i = 1; i < 4; i++) {
            assertThat(c.state(i, both)).as("node %d", i).contains(s0);
        }
        assertThat(s0.heads()).as("the concurrent write stays visible").hasSize(2);
    }

}
