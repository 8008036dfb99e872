package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Listener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11, defect 1: a partition longer than tombstoneGrace resurrected deletes. Three nodes, one
 * cut off (it keeps running and never thinks itself stale), the key deleted on the other side, the
 * partition held for several grace periods, healed: the key must stay deleted everywhere, and the
 * delete is purged only after the cut-off node has it.
 */
class LongPartitionSimTest {

    static LongStream seeds() {
        return SimSeeds.of(1, 2, 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDeleteSurvivesAPartitionLongerThanTheGracePeriod(long seed) {
        GossipConfig base = GossipConfig.defaults();
        partitionDeleteHeal(seed, base);
    }

    /** Dead members are kept as tombstones for a while; a partition longer than that must not change the outcome. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aDeleteSurvivesAPartitionLongerThanMembersAreRemembered(long seed) {
        GossipConfig base = GossipConfig.defaults();
        partitionDeleteHeal(seed, base.withMembership(base.membership().withDeadRetention(Duration.ofSeconds(30))));
    }

    /** Review finding: restarted on its side of a partition, a node knew no members and purged at once. */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aNodeRestartedOnItsSideOfThePartitionDoesNotPurgeAlone(long seed) {
        Duration grace = Duration.ofSeconds(20);
        GossipConfig base = GossipConfig.defaults();
        GossipConfig config = base.withReplica(base.replica().withTombstoneGrace(grace).withSweepLeavesPerTick(4096));
        SimCluster cluster = new SimCluster(seed, 3, config, i -> Listener.NONE);
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(3));
        UUID key = new UUID(seed, 43);
        assertThat(cluster.write(1, key, new byte[] {1, 2, 3})).isInstanceOf(WriteOutcome.Written.class);
        cluster.network().runFor(Duration.ofSeconds(10));
        cluster.network().partition(List.of(Set.of(cluster.member(0).address),
                Set.of(cluster.member(1).address, cluster.member(2).address)));
        cluster.network().runFor(Duration.ofSeconds(5));
        assertThat(cluster.delete(0, key)).isInstanceOf(WriteOutcome.Written.class);
        cluster.network().runFor(Duration.ofSeconds(5));
        cluster.crash(0);
        cluster.restart(0); // its seeds are across the partition: it knows no member
        cluster.network().runFor(grace.multipliedBy(5));
        assertThat(cluster.state(0, key)).as("the delete is kept while the others cannot have it").isPresent();
        cluster.network().heal();
        cluster.network().runFor(Duration.ofSeconds(120));
        for (int i = 0; i < 3; i++) {
            assertThat(cluster.state(i, key).map(s -> !s.isDeleted()).orElse(false))
                    .as("node %d serves the deleted key again (rerun with -Dgossip.sim.seed=%d)", i, seed).isFalse();
        }
    }

    private static void partitionDeleteHeal(long seed, GossipConfig base) {
        Duration grace = Duration.ofSeconds(20);
        GossipConfig config = base.withReplica(base.replica().withTombstoneGrace(grace).withSweepLeavesPerTick(4096));
        SimCluster cluster = new SimCluster(seed, 3, config, i -> Listener.NONE);
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(3));
        UUID key = new UUID(seed, 42);
        assertThat(cluster.write(0, key, new byte[] {1, 2, 3})).isInstanceOf(WriteOutcome.Written.class);
        cluster.network().runFor(Duration.ofSeconds(10));
        assertThat(cluster.state(2, key)).isPresent();

        cluster.network().partition(List.of(Set.of(cluster.member(0).address, cluster.member(1).address),
                Set.of(cluster.member(2).address)));
        cluster.network().runFor(Duration.ofSeconds(5));
        assertThat(cluster.delete(0, key)).isInstanceOf(WriteOutcome.Written.class);
        cluster.network().runFor(grace.multipliedBy(10));
        cluster.network().heal();
        cluster.network().runFor(Duration.ofSeconds(120));

        for (int i = 0; i < 3; i++) {
            assertThat(cluster.state(i, key).map(s -> !s.isDeleted()).orElse(false))
                    .as("node %d serves the deleted key again (%s)", i, "rerun with -Dgossip.sim.seed=" + seed).isFalse();
        }
        for (int i = 0; i < 3; i++) {
            assertThat(cluster.state(i, key)).as("the delete is purged once every node has it, node %d", i).isEmpty();
        }
    }
}
