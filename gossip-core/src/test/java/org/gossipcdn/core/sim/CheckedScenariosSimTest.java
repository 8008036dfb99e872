package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scenarios judged by the independent checker, each over a few seeds on 8 nodes (rerun one with
 * {@code -Dgossip.sim.seed=…}, or {@code gcdn sim --scenario NAME --nodes 8 --seed S}): nothing
 * acknowledged lost, no divergence, no resurrection, no expired loser kept, no error.
 * Those marked disabled fail on the code of issue 11 and are enabled by its fixes.
 */
class CheckedScenariosSimTest {

    static LongStream seeds() {
        return SimSeeds.of(1, 2, 3);
    }

    private static void assertClean(String scenario, long seed) {
        SimReport r = SimScenarios.run(scenario, new SimScenarios.Params(8, 0, seed, null));
        assertThat(r.number("acked_writes")).as(SimSeeds.rerun(r)).isPositive();
        for (String field : SimScenarios.ZERO_FIELDS) {
            assertThat(r.number(field)).as(field + " in " + SimSeeds.rerun(r)).isZero();
        }
    }

    @Disabled("fails until issue 11 fix: a partition longer than tombstoneGrace resurrects deletes (resurrected=12), "
            + "and an old owner's records wipe a new owner's first write after the purge (lost_writes=20, "
            + "diverged_keys=16 at seeds 1-2); gcdn sim --scenario long-partition --nodes 8 --seed 1")
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void deletesSurviveAPartitionLongerThanTheGrace(long seed) {
        assertClean("long-partition", seed);
    }

    @Disabled("fails until issue 11 fix: expired losers re-imported when sweeps are out of step, with restarts "
            + "(kept_expired_not_dropped=6..8 at seeds 1-3)")
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void losersAreKeptWhileYoungAndGoneEverywhereAfterRetention(long seed) {
        assertClean("retention", seed);
    }

    @Disabled("fails until issue 11 fix: HLC not restored on restart, so a later overwrite gets a smaller version "
            + "(lost_writes=6, diverged_keys=6 at seeds 1-3)")
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRestartWithTheHlcAheadOfTheWallClockKeepsTheLaterWriteTheWinner(long seed) {
        assertClean("restart-skew", seed);
    }

    @Disabled("fails until issue 11 fix: a forged causal context freezes an owned key and makes merge throw "
            + "(errors=2, lost_writes=1..2 at seeds 1-3)")
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void forgedRecordsFromAMemberChangeNothing(long seed) {
        assertClean("forged", seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRandomNemesisScheduleLosesNothingAndConverges(long seed) {
        assertClean("random", seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void oneSeedGivesExactlyTheSameRunWithOwnersAndForgers(long seed) {
        SimScenarios.Params p = new SimScenarios.Params(4, 0.02, seed, java.time.Duration.ofSeconds(15));
        assertThat(SimScenarios.run("random", p)).isEqualTo(SimScenarios.run("random", p));
        assertThat(SimScenarios.run("forged", p)).isEqualTo(SimScenarios.run("forged", p));
    }
}
