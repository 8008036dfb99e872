package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * R copies placed by rendezvous hashing, judged by the checker's own placement oracle: content
 * ends up on exactly its holders, a killed holder's keys get back to R copies, a join moves about
 * R/N of the bytes and never drops a key below R copies. A small network here; `gcdn sim
 * --scenario placement --nodes 64` runs the full size (BENCHMARKS.md).
 */
class PlacementSimTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void contentSettlesOnItsHoldersSurvivesAKillAndMovesLittleOnAJoin(long seed) {
        SimReport r = PlacementScenario.run(new SimScenarios.Params(12, 0, seed, null), 3, 300, 3);
        String rerun = SimSeeds.rerun(r);
        assertThat(r.fields().get("settle_millis")).as(rerun).isNotNull();
        assertThat(r.fields().get("misplaced_after_settle")).as(rerun).isEqualTo(0);
        assertThat(r.fields().get("repair_millis")).as(rerun).isNotNull();
        assertThat(r.fields().get("misplaced_after_repair")).as(rerun).isEqualTo(0);
        assertThat(r.fields().get("misplaced_after_join")).as(rerun).isEqualTo(0);
        assertThat(r.fields().get("min_copies_while_joining")).as(rerun).isEqualTo(3);
        assertThat(r.fields().get("lost_blobs")).as(rerun).isEqualTo(0);
        assertThat(r.number("moved_vs_ideal")).as(rerun).isLessThanOrEqualTo(1.25);
        assertThat(r.fields().get("errors")).as(rerun).isEqualTo(0L);
    }
}
