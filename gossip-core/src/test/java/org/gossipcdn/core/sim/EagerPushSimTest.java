package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Delivery with eager push along the broadcast tree (proposal 0021): every live node gets every
 * write, with the tree intact, under loss, and with nodes crashing while writes spread. These
 * assert delivery only; latency and message counts are benchmark figures ({@code gcdn sim
 * --scenario dissemination}, BENCHMARKS.md).
 */
class EagerPushSimTest {

    static LongStream seeds() {
        return SimSeeds.of(1, 2, 3);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyWriteReachesEveryNodeAlongTheTreeAndWithTheTickAlone(long seed) {
        SimReport r = SimScenarios.dissemination(new SimScenarios.Params(64, 0, seed, null));
        assertThat(r.fields().get("delivered")).as(SimSeeds.rerun(r)).isEqualTo(true);
        assertThat(r.number("holders")).as(SimSeeds.rerun(r)).isEqualTo(64);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void underFivePercentLossEveryLiveNodeGetsEveryWrite(long seed) {
        SimReport r = SimScenarios.disseminationUnderCrashes(new SimScenarios.Params(128, 0.05, seed, null), 0);
        assertThat(r.number("writes")).as(SimSeeds.rerun(r)).isEqualTo(100);
        assertThat(r.number("missing")).as(SimSeeds.rerun(r)).isZero();
        assertThat(r.number("errors")).as(SimSeeds.rerun(r)).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withTenPercentOfNodesCrashedMidRunEveryLiveNodeGetsEveryWrite(long seed) {
        SimReport r = SimScenarios.disseminationUnderCrashes(new SimScenarios.Params(128, 0, seed, null), 0.10);
        assertThat(r.number("crashed")).as(SimSeeds.rerun(r)).isEqualTo(13);
        assertThat(r.number("writes")).as(SimSeeds.rerun(r)).isEqualTo(100);
        assertThat(r.number("missing")).as(SimSeeds.rerun(r)).isZero();
        assertThat(r.number("errors")).as(SimSeeds.rerun(r)).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void withLossAndCrashesTogetherEveryLiveNodeGetsEveryWrite(long seed) {
        SimReport r = SimScenarios.disseminationUnderCrashes(new SimScenarios.Params(128, 0.05, seed, null), 0.10);
        assertThat(r.number("missing")).as(SimSeeds.rerun(r)).isZero();
    }
}
