package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The foundation's must-show figures, each over several seeds (rerun one with
 * {@code -Dgossip.sim.seed=…}). Bounds are in gossip rounds and simulated seconds, never wall time.
 */
class ScenariosSimTest {

    static LongStream seeds() {
        return SimSeeds.of(1, 2, 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theRumorTickAloneReaches1024NodesWithinTheEpidemicBound(long seed) {
        SimReport r = SimScenarios.oneWrite(new SimScenarios.Params(1024, 0, seed, null), false);
        assertThat(r.number("holders")).as(SimSeeds.rerun(r)).isEqualTo(1024);
        assertThat(r.number("rounds")).as(SimSeeds.rerun(r)).isLessThanOrEqualTo(r.number("bound"));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theRumorTickAloneUnderFivePercentLossStaysWithinTwiceTheBound(long seed) {
        SimReport r = SimScenarios.oneWrite(new SimScenarios.Params(1024, 0.05, seed, null), false);
        assertThat(r.number("holders")).as(SimSeeds.rerun(r)).isEqualTo(1024);
        assertThat(r.number("rounds")).as(SimSeeds.rerun(r)).isLessThanOrEqualTo(2 * r.number("bound"));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aCrashIsDetectedByAllAndNoLiveNodeIsDeclaredDead(long seed) {
        SimReport r = SimScenarios.failure(new SimScenarios.Params(128, 0.05, seed, Duration.ofMinutes(10)));
        assertThat(r.number("false_dead")).as(SimSeeds.rerun(r)).isZero();
        assertThat(r.number("detected_by")).as(SimSeeds.rerun(r)).isEqualTo(127);
        // SWIM's expectation: a probe round, then mult·log10(N)·period of suspicion, then gossip of the death.
        assertThat(r.number("detect_seconds_max")).as(SimSeeds.rerun(r)).isLessThan(30);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aHealedPartitionConvergesWithoutLosingAnAcknowledgedWrite(long seed) {
        SimReport r = SimScenarios.partition(new SimScenarios.Params(64, 0, seed, null));
        assertThat(r.number("acked_writes")).as(SimSeeds.rerun(r)).isPositive();
        assertThat(r.fields().get("converge_rounds")).as(SimSeeds.rerun(r)).isNotNull();
        assertThat(r.number("diverged_keys")).as(SimSeeds.rerun(r)).isZero();
        assertThat(r.number("lww_violations")).as(SimSeeds.rerun(r)).isZero();
        assertThat(r.number("silently_lost")).as(SimSeeds.rerun(r)).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aPartitionUnderLossStillConverges(long seed) {
        SimReport r = SimScenarios.partition(new SimScenarios.Params(32, 0.05, seed, Duration.ofSeconds(30)));
        assertThat(r.number("diverged_keys")).as(SimSeeds.rerun(r)).isZero();
        assertThat(r.number("lww_violations")).as(SimSeeds.rerun(r)).isZero();
        assertThat(r.number("silently_lost")).as(SimSeeds.rerun(r)).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aNodeAwayPastTheGracePeriodDoesNotResurrectADeletedKey(long seed) {
        SimReport r = SimScenarios.tombstone(new SimScenarios.Params(16, 0, seed, null));
        assertThat(r.fields().get("away_node_held_key")).as(SimSeeds.rerun(r)).isEqualTo(true);
        assertThat(r.fields().get("purged_on_live_nodes")).as(SimSeeds.rerun(r)).isEqualTo("0/15");
        assertThat(r.fields().get("purged_after_return")).as(SimSeeds.rerun(r)).isEqualTo("16/16");
        assertThat(r.number("resurrected")).as(SimSeeds.rerun(r)).isZero();
        assertThat(r.number("other_key_kept_on")).as(SimSeeds.rerun(r)).isEqualTo(16);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void oneSeedGivesExactlyTheSameRun(long seed) {
        SimScenarios.Params p = new SimScenarios.Params(64, 0.05, seed, null);
        assertThat(SimScenarios.dissemination(p)).isEqualTo(SimScenarios.dissemination(p));
    }
}
