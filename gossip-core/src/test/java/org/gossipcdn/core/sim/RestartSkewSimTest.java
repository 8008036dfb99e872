package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.LongStream;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.KeyState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11, defect 4: a node whose HLC ran ahead of its wall clock (it saw a peer 30 s fast, an
 * accepted skew) restarted at HLC zero and stamped versions below its own earlier ones.
 */
class RestartSkewSimTest {

    static LongStream seeds() {
        return SimSeeds.of(1, 2, 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRestartedNodeWritesAboveWhatItWroteBeforeTheRestart(long seed) {
        SimCluster cluster = new SimCluster(seed, 2, GossipConfig.defaults(), i -> Listener.NONE);
        cluster.network().setClockOffset(cluster.member(1).address, Duration.ofSeconds(30));
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(5));
        UUID fast = new UUID(seed, 1);
        UUID key = new UUID(seed, 2);
        assertThat(cluster.write(1, fast, new byte[] {1})).isInstanceOf(WriteOutcome.Written.class);
        cluster.network().runFor(Duration.ofSeconds(5)); // node 0 takes the record, its HLC now 30 s ahead
        WriteOutcome first = cluster.write(0, key, new byte[] {2});
        assertThat(first).isInstanceOf(WriteOutcome.Written.class);

        cluster.crash(0);
        cluster.restart(0);
        cluster.network().runFor(Duration.ofSeconds(3));
        WriteOutcome second = cluster.write(0, key, new byte[] {3});

        assertThat(second).as("rerun with -Dgossip.sim.seed=%d", seed).isInstanceOf(WriteOutcome.Written.class);
        assertThat(((WriteOutcome.Written) second).record().version())
                .isGreaterThan(((WriteOutcome.Written) first).record().version());
        KeyState state = cluster.state(0, key).orElseThrow();
        assertThat(state.heads()).containsExactly(((WriteOutcome.Written) second).record());
    }
}
