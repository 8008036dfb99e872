package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Removal;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Listener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14: {@code gcdn members remove} (force-leave, proposal 0019). A removed dead member is LEFT
 * on every node within a few gossip rounds; deletes stop waiting for it; if it comes back with its
 * old data it re-syncs pull-first instead of resurrecting what was deleted and purged meanwhile.
 */
class ForceLeaveSimTest {

    private static final Duration GRACE = Duration.ofSeconds(20);

    static LongStream seeds() {
        return SimSeeds.of(1, 2, 3);
    }

    private static SimCluster cluster(long seed, int size) {
        GossipConfig base = GossipConfig.defaults();
        SimCluster cluster = new SimCluster(seed, size, base.withReplica(base.replica().withTombstoneGrace(GRACE)),
                i -> Listener.NONE);
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(5));
        return cluster;
    }

    private static MemberStatus statusAt(SimCluster cluster, int viewer, NodeId member) {
        List<Member> members = cluster.await(cluster.node(viewer).members());
        return members.stream().filter(m -> m.id().equals(member)).map(Member::status).findFirst().orElse(null);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRemovedDeadMemberIsLeftOnEveryNodeWithinAFewRounds(long seed) {
        SimCluster cluster = cluster(seed, 5);
        NodeId gone = cluster.member(4).id;
        cluster.crash(4);
        cluster.network().runFor(Duration.ofSeconds(60)); // probed, suspected, declared dead everywhere
        for (int i = 0; i < 4; i++) {
            assertThat(statusAt(cluster, i, gone)).as("node %d sees it dead (seed %d)", i, seed).isEqualTo(MemberStatus.DEAD);
        }

        assertThat(cluster.await(cluster.node(0).remove(gone, false))).isEqualTo(Removal.REMOVED);
        cluster.network().runFor(Duration.ofSeconds(5)); // five protocol periods

        for (int i = 0; i < 4; i++) {
            assertThat(statusAt(cluster, i, gone)).as("node %d (rerun with -Dgossip.sim.seed=%d)", i, seed)
                    .isEqualTo(MemberStatus.LEFT);
        }
        assertThat(cluster.await(cluster.node(1).remove(gone, false))).isEqualTo(Removal.ALREADY_LEFT);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aLiveMemberIsRemovedOnlyWithForceAndThenComesBack(long seed) {
        SimCluster cluster = cluster(seed, 3);
        NodeId live = cluster.member(2).id;
        assertThat(cluster.await(cluster.node(0).remove(live, false))).isEqualTo(Removal.REFUSED_LIVE);
        assertThat(cluster.await(cluster.node(0).remove(cluster.member(0).id, true))).isEqualTo(Removal.SELF);
        assertThat(cluster.await(cluster.node(0).remove(new NodeId(7, 7), true))).isEqualTo(Removal.UNKNOWN);
        assertThat(statusAt(cluster, 1, live)).isEqualTo(MemberStatus.ALIVE);

        assertThat(cluster.await(cluster.node(0).remove(live, true))).isEqualTo(Removal.REMOVED);
        cluster.network().runFor(Duration.ofSeconds(30));
        // it heard it was removed, refuted with a higher incarnation, and is a member again
        for (int i = 0; i < 2; i++) {
            assertThat(statusAt(cluster, i, live)).as("node %d (rerun with -Dgossip.sim.seed=%d)", i, seed)
                    .isEqualTo(MemberStatus.ALIVE);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void deletesStopWaitingForARemovedMemberAndItDoesNotResurrectThemWhenItReturns(long seed) {
        SimCluster cluster = cluster(seed, 3);
        UUID key = new UUID(seed, 14);
        assertThat(cluster.write(0, key, new byte[] {1})).isInstanceOf(WriteOutcome.Written.class);
        cluster.network().runFor(Duration.ofSeconds(10));
        assertThat(cluster.state(2, key)).isPresent();

        cluster.crash(2); // holds the value, never sees the delete
        assertThat(cluster.delete(0, key)).isInstanceOf(WriteOutcome.Written.class);
        cluster.network().runFor(Duration.ofMinutes(8)); // grace passed, and the purge sweep came round (~3.5 min)
        assertThat(cluster.state(0, key)).as("the delete waits for the dead member (seed %d)", seed).isPresent();

        assertThat(cluster.await(cluster.node(0).remove(cluster.member(2).id, false))).isEqualTo(Removal.REMOVED);
        cluster.network().runFor(Duration.ofMinutes(8));
        assertThat(cluster.state(0, key)).as("purged once the member was removed (seed %d)", seed).isEmpty();
        assertThat(cluster.state(1, key)).as("purged on node 1 too (seed %d)", seed).isEmpty();

        cluster.restart(2); // comes back with its old data: it learns it was removed and re-syncs pull-first
        cluster.network().runFor(Duration.ofMinutes(2));
        for (int i = 0; i < 3; i++) {
            assertThat(cluster.state(i, key)).as("node %d serves no deleted value (rerun with -Dgossip.sim.seed=%d)", i, seed)
                    .isEmpty();
        }
        assertThat(cluster.await(cluster.node(2).readiness()).ready()).isTrue();
    }
}
