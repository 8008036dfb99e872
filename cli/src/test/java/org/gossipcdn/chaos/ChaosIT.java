package org.gossipcdn.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault scenarios across netns hosts (root only; CI runs as root). Each ends with heal, settle
 * and check by the independent checker's model: no acknowledged write lost, no divergence, no
 * resurrection. The workload length comes from {@code -Dgcdn.chaos.seconds} (default 25, and 35 for
 * the 30 s partitions, to keep CI short). long-partition runs its nodes with a 10 s tombstoneGrace
 * and holds the split 20 s past the writes, so deletes are purged on their side before the heal.
 */
class ChaosIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"partition", "kill", "loss", "delay", "skew", "bootstrap-down", "restart-all", "long-partition"})
    void nothingAcknowledgedIsLostAndEveryNodeAgrees(String scenario) throws Exception {
        Path home = Path.of(System.getProperty("gcdn.home", "..")).toAbsolutePath().normalize();
        assumeTrue(NetnsCluster.usable(NetnsCluster.locate(home)),
                "needs root and ../shared/tools/netns-cluster with its tools (see .ci/run)");
        long seconds = Long.getLong("gcdn.chaos.seconds", scenario.endsWith("partition") ? 35 : 25); // partitions: 30 s split
        long seed = Long.getLong("gcdn.chaos.seed", scenario.hashCode());
        Map<String, Object> r = Chaos.run(scenario, Duration.ofSeconds(seconds), seed);
        System.out.println("chaos " + r);
        String rerun = r + "\n  rerun: scripts/chaos " + scenario + " --seconds " + seconds + " --seed " + seed;
        assertThat(((Number) r.get("acked_writes")).intValue()).as(rerun).isPositive();
        assertThat(r.get("lost_writes")).as(rerun).isEqualTo(0);
        assertThat(r.get("diverged_keys")).as(rerun).isEqualTo(0);
        assertThat(r.get("resurrected")).as(rerun).isEqualTo(0);
        assertThat(r.get("kept_expired_not_dropped")).as(rerun).isEqualTo(0);
        assertThat(r.get("stale_reads")).as(rerun).isEqualTo(0);
        assertThat(r.get("convergence_seconds")).as(rerun).isNotNull();
        if (scenario.equals("skew")) {
            assertThat(((Number) r.get("refused_for_clock")).intValue()).as("writes at the node 10 min ahead are refused; " + rerun)
                    .isPositive();
        }
    }
}
