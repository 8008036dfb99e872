package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;
import java.util.List;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.NodeStatus;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.replica.Precondition;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Listener;
import org.junit.jupiter.api.Test;

/** Joining, leaving, restarting, conditional writes and replica waits on a small simulated network. */
class ClusterSimTest {

    private static SimCluster cluster(int n, long seed) {
        return new SimCluster(seed, n, GossipConfig.defaults(), i -> Listener.NONE);
    }

    private static long alive(SimCluster c, int i) {
        return c.await(c.node(i).members()).stream().filter(m -> m.status() == MemberStatus.ALIVE).count();
    }

    @Test
    void nodesJoiningThroughOneSeedLearnEveryMember() {
        SimCluster c = cluster(32, 7);
        c.startAll(false);
        boolean all = c.network().runUntil(() -> c.live().stream().allMatch(i -> alive(c, i) == 32),
                Duration.ofSeconds(1), Duration.ofMinutes(3));
        assertThat(all).as("seed 7: every node sees 32 alive members").isTrue();
    }

    @Test
    void aLeavingNodeIsSeenAsLeftNotDead() {
        SimCluster c = cluster(8, 8);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(3));
        GossipNode leaving = c.node(3);
        c.await(leaving.leave());
        c.network().runFor(Duration.ofSeconds(10));
        for (int i : c.live()) {
            if (i == 3) {
                continue;
            }
            Member seen = c.await(c.node(i).members()).stream().filter(m -> m.id().equals(c.member(3).id)).findFirst()
                    .orElseThrow();
            assertThat(seen.status()).isEqualTo(MemberStatus.LEFT);
        }
    }

    @Test
    void aRestartedNodeKeepsItsDataAndCatchesUpOnWhatItMissed() {
        SimCluster c = cluster(5, 9);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(2));
        UUID before = new UUID(1, 1);
        UUID during = new UUID(2, 2);
        c.write(0, before, new byte[] {1});
        c.network().runFor(Duration.ofSeconds(2));
        c.crash(4);
        c.write(1, during, new byte[] {2});
        c.network().runFor(Duration.ofSeconds(20));
        c.restart(4);
        boolean caughtUp = c.network().runUntil(() -> c.state(4, during).isPresent(), Duration.ofMillis(200),
                Duration.ofSeconds(30));
        assertThat(caughtUp).isTrue();
        assertThat(c.state(4, before)).isPresent();
        NodeStatus s = c.await(c.node(4).status());
        assertThat(s.self().incarnation()).as("a restart raises the incarnation").isPositive();
        assertThat(c.network().runUntil(c::converged, Duration.ofMillis(200), Duration.ofSeconds(30))).isTrue();
    }

    @Test
    void conditionalWritesAreCheckedAtTheReceivingNode() throws Exception {
        SimCluster c = cluster(3, 10);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(3));
        UUID key = new UUID(3, 3);
        var content = c.member(0).store.putContent(new java.io.ByteArrayInputStream(new byte[] {7}), 10);
        assertThat(c.await(c.node(0).write(key, content, "text/plain", Precondition.IF_PRESENT)))
                .as("If-Match: * on a missing key").isInstanceOf(WriteOutcome.PreconditionFailed.class);
        WriteOutcome first = c.await(c.node(0).write(key, content, "text/plain", Precondition.IF_ABSENT));
        assertThat(first).isInstanceOf(WriteOutcome.Written.class);
        assertThat(((WriteOutcome.Written) first).created()).isTrue();
        assertThat(c.await(c.node(0).write(key, content, "text/plain", Precondition.IF_ABSENT)))
                .isInstanceOf(WriteOutcome.PreconditionFailed.class);
        assertThat(c.await(c.node(0).write(key, content, "text/plain",
                new Precondition.IfMatch(org.gossipcdn.core.version.Sha256.EMPTY))))
                .isInstanceOf(WriteOutcome.PreconditionFailed.class);
        assertThat(c.await(c.node(0).write(key, content, "text/plain", new Precondition.IfMatch(content.hash()))))
                .isInstanceOf(WriteOutcome.Written.class);
        assertThat(c.await(c.node(0).write(key, content, "text/plain", Precondition.IF_PRESENT)))
                .as("If-Match: * on a live key").isInstanceOf(WriteOutcome.Written.class);
        assertThat(c.await(c.node(0).delete(key, Precondition.IF_PRESENT))).isInstanceOf(WriteOutcome.Written.class);
        assertThat(c.await(c.node(0).delete(key, Precondition.IF_PRESENT)))
                .as("If-Match: * on a deleted key").isInstanceOf(WriteOutcome.PreconditionFailed.class);
    }

    @Test
    void aWriteCanWaitUntilItsHoldersStoreIt() {
        GossipConfig d = GossipConfig.defaults();
        SimCluster c = new SimCluster(11, 6, d.withPlacement(d.placement().withReplicas(3)), i -> Listener.NONE);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(2));
        UUID key = new UUID(4, 4);
        byte[] bytes = {9};
        WriteOutcome.Written w = (WriteOutcome.Written) c.write(2, key, bytes);
        int confirmed = c.await(c.node(2).awaitReplicas(key, w.record().version(), 3, Duration.ofSeconds(10)));
        assertThat(confirmed).isEqualTo(3);
        List<NodeId> holders = c.await(c.node(2).rank(key)).subList(0, 3).stream().map(h -> h.member().id()).toList();
        for (int i = 0; i < 6; i++) {
            assertThat(c.state(i, key)).as("every node has the record; node %d", i).isPresent();
            if (holders.contains(c.member(i).id)) {
                assertThat(c.member(i).store.hasContent(org.gossipcdn.core.version.Sha256.of(bytes)))
                        .as("holder %d has the content", i).isTrue();
            }
        }
        // Only holders count: asking for more than R gets R, as soon as every holder confirms (await gives up
        // after a simulated minute, long before this timeout).
        assertThat(c.await(c.node(2).awaitReplicas(key, w.record().version(), 4, Duration.ofMinutes(10)))).isEqualTo(3);
    }

    @Test
    void withRAtLeastTheNodeCountAWriteCanWaitUntilEveryNodeHoldsIt() {
        GossipConfig d = GossipConfig.defaults();
        SimCluster c = new SimCluster(11, 6, d.withPlacement(d.placement().withReplicas(6)), i -> Listener.NONE);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(2));
        UUID key = new UUID(4, 4);
        WriteOutcome.Written w = (WriteOutcome.Written) c.write(2, key, new byte[] {9});
        assertThat(c.await(c.node(2).awaitReplicas(key, w.record().version(), 6, Duration.ofSeconds(10)))).isEqualTo(6);
        for (int i = 0; i < 6; i++) {
            assertThat(c.member(i).store.hasContent(org.gossipcdn.core.version.Sha256.of(new byte[] {9})))
                    .as("node %d", i).isTrue();
        }
    }

    @Test
    void aNodeWhoseClockRunsTooFarAheadRefusesItsOwnWritesWithAClearReason() {
        SimCluster c = cluster(5, 13);
        c.network().setClockOffset(c.member(0).address, Duration.ofMinutes(10));
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(10));
        WriteOutcome out = c.write(0, new UUID(6, 6), new byte[] {1});
        assertThat(out).isInstanceOf(WriteOutcome.Unavailable.class);
        assertThat(((WriteOutcome.Unavailable) out).reason()).containsPattern("clock is (599|600|601) s ahead");
        c.network().setClockOffset(c.member(1).address, Duration.ofSeconds(30));
        c.network().runFor(Duration.ofSeconds(10));
        assertThat(c.write(1, new UUID(7, 7), new byte[] {1})).as("30 s is within maxClockDrift")
                .isInstanceOf(WriteOutcome.Written.class);
    }

    @Test
    void aFreshNodeWaitsForAClockComparisonBeforeItsFirstWrite() {
        SimCluster c = cluster(3, 14);
        c.startAll(true);
        assertThat(c.write(0, new UUID(8, 8), new byte[] {1})).isInstanceOf(WriteOutcome.Unavailable.class);
        c.network().runFor(Duration.ofSeconds(2));
        assertThat(c.write(0, new UUID(8, 8), new byte[] {1})).isInstanceOf(WriteOutcome.Written.class);
    }

    @Test
    void aRecordFromAClockTooFarAheadIsRefused() {
        SimCluster c = cluster(3, 12);
        c.startAll(true);
        c.network().runFor(Duration.ofSeconds(3));
        // the jump happens between two clock samples, so node 0 still believes itself in step and writes
        c.network().setClockOffset(c.member(0).address, Duration.ofMinutes(10));
        UUID key = new UUID(5, 5);
        assertThat(c.write(0, key, new byte[] {1})).isInstanceOf(WriteOutcome.Written.class);
        c.network().runFor(Duration.ofSeconds(10));
        assertThat(c.state(1, key)).isEmpty();
        assertThat(c.state(2, key)).isEmpty();
    }
}
