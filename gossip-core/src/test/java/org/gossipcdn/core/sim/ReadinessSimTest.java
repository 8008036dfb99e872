package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.LongStream;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.Readiness;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Listener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14: what {@code GET /v1/health/ready} reports, as the loop sees it (proposal 0019). A node
 * is not ready before it joined, nor while it re-syncs pull-first after leaving; it is once joined,
 * with its clock compared and its replica in sync.
 */
class ReadinessSimTest {

    static LongStream seeds() {
        return SimSeeds.of(1, 2, 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void notReadyBeforeJoiningReadyAfter(long seed) {
        SimCluster cluster = new SimCluster(seed, 2, GossipConfig.defaults(), i -> Listener.NONE);
        cluster.startAll(false); // node 1 joins through node 0 ...
        cluster.crash(0);        // ... which is gone before it could answer
        cluster.network().runFor(Duration.ofSeconds(5));

        Readiness before = cluster.await(cluster.node(1).readiness());
        assertThat(before.joined()).as("seed never answered (rerun with -Dgossip.sim.seed=%d)", seed).isFalse();
        assertThat(before.ready()).isFalse();
        assertThat(before.reasons()).anySatisfy(r -> assertThat(r).startsWith("not joined"));

        cluster.restart(0); // joins through node 1, the only live node
        cluster.network().runFor(Duration.ofSeconds(10));

        for (int i = 0; i < 2; i++) {
            Readiness after = cluster.await(cluster.node(i).readiness());
            assertThat(after.reasons()).as("node %d (rerun with -Dgossip.sim.seed=%d)", i, seed).isEmpty();
            assertThat(after.ready()).isTrue();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void notReadyWhileReSyncingAfterALeave(long seed) {
        SimCluster cluster = new SimCluster(seed, 2, GossipConfig.defaults(), i -> Listener.NONE);
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(5));
        UUID key = new UUID(seed, 14);
        assertThat(cluster.write(0, key, new byte[] {1})).isInstanceOf(WriteOutcome.Written.class);
        cluster.network().runFor(Duration.ofSeconds(10));
        assertThat(cluster.state(1, key)).isPresent();

        cluster.await(cluster.node(1).leave());
        assertThat(cluster.await(cluster.node(1).readiness()).reasons()).contains("leaving the network");
        cluster.crash(1);
        cluster.network().runFor(Duration.ofSeconds(5));
        cluster.restart(1); // it left holding data: it re-syncs pull-first before it takes writes

        Readiness resyncing = cluster.await(cluster.node(1).readiness());
        assertThat(resyncing.resyncing()).as("rerun with -Dgossip.sim.seed=%d", seed).isTrue();
        assertThat(resyncing.ready()).isFalse();

        cluster.network().runFor(Duration.ofSeconds(30));
        Readiness synced = cluster.await(cluster.node(1).readiness());
        assertThat(synced.reasons()).as("rerun with -Dgossip.sim.seed=%d", seed).isEmpty();
    }
}
