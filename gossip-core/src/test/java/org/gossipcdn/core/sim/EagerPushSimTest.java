package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.Sha256;
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

    /**
     * With anti-entropy an hour apart, only the tree (and the tick, which carries only what the
     * tree failed to deliver) can bring a write. Every node must get it: also a node that no other
     * node picked as a neighbour (found in the simulator: one in e^4 of them heard nothing).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theTreeAloneReachesEveryNodeIncludingOnesNobodyPicked(long seed) {
        GossipConfig d = GossipConfig.defaults();
        SimCluster cluster = withoutAntiEntropy(seed, 128, d);
        eachWriteReachesEveryNode(cluster, seed, 5, Duration.ofSeconds(30));
    }

    /** {@code n} warm nodes with anti-entropy an hour apart (only the tree and the tick deliver), settled for 3 s. */
    private static SimCluster withoutAntiEntropy(long seed, int n, GossipConfig config) {
        SimCluster cluster = new SimCluster(seed, n, config.withAntiEntropy(config.antiEntropy().withInterval(Duration.ofHours(1))),
                i -> Listener.NONE);
        cluster.startAll(true);
        cluster.network().runFor(Duration.ofSeconds(3));
        return cluster;
    }

    /** {@code writes} one-byte writes at random nodes, one at a time; each must reach every node within {@code within}. */
    private static void eachWriteReachesEveryNode(SimCluster cluster, long seed, int writes, Duration within) {
        int n = cluster.size();
        SplittableRandom random = new SplittableRandom(seed);
        for (int w = 0; w < writes; w++) {
            UUID key = new UUID(random.nextLong(), random.nextLong());
            WriteOutcome.Written written = (WriteOutcome.Written) cluster.write(random.nextInt(n), key, new byte[] {(byte) w});
            BooleanSupplier everywhere = () -> IntStream.range(0, n)
                    .allMatch(i -> cluster.state(i, key).map(s -> s.knows(written.record().version())).orElse(false));
            assertThat(cluster.network().runUntil(everywhere, Duration.ofMillis(10), within))
                    .as("write %d everywhere (seed %d)", w, seed).isTrue();
        }
    }

    /**
     * Once the tree has settled, it alone brings each write to every node: no node waits for an
     * announcement's graft, and the record-carrying messages stay within the 1.5 × (N − 1).
     * (Found in the simulator: the writer also handed each write to the key's holders out of band;
     * a holder that got it that way first took the tree's push for a duplicate and pruned a tree
     * link, and did not push the write on, so its subtree grafted — 225 ms at the median instead of
     * a few hops.)
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void atSteadyStateNoWriteNeedsAGraft(long seed) {
        SimReport r = SimScenarios.dissemination(new SimScenarios.Params(64, 0, seed, null));
        assertThat(r.fields().get("delivered")).as(SimSeeds.rerun(r)).isEqualTo(true);
        assertThat(r.number("grafts_per_write")).as(SimSeeds.rerun(r)).isZero();
        // each node pushes a write on once (as the push arrives, not again at its commit): N − 1 on a tree
        assertThat(r.number("messages_per_write")).as(SimSeeds.rerun(r)).isLessThanOrEqualTo(1.5 * 63);
    }

    /**
     * Content beyond the inline limit is fetched, and a tree neighbour that passed the record on
     * may not store it (it is not a holder): each of the key's holders still gets the bytes, from
     * the writer, with anti-entropy and repair passes an hour away so only the tree can bring them.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void contentBeyondTheInlineLimitReachesEveryHolderThroughTheTree(long seed) {
        GossipConfig d = GossipConfig.defaults();
        GossipConfig config = d.withPlacement(d.placement().withReplicas(3).withScanInterval(Duration.ofHours(1)))
                .withDissemination(d.dissemination().withDirectLimit(0)); // the tree, not the small network's star
        int n = 16;
        SimCluster cluster = withoutAntiEntropy(seed, n, config);
        SplittableRandom random = new SplittableRandom(seed);
        for (int w = 0; w < 5; w++) {
            UUID key = new UUID(random.nextLong(), random.nextLong());
            byte[] content = new byte[config.dissemination().inlineLimit() * 4];
            random.nextBytes(content);
            WriteOutcome.Written written = (WriteOutcome.Written) cluster.write(random.nextInt(n), key, content);
            Sha256 hash = written.record().contentHash();
            List<Integer> holders = cluster.await(cluster.node(0).rank(key)).subList(0, 3).stream()
                    .map(h -> cluster.indexOf(h.member().id())).toList();
            BooleanSupplier held = () -> holders.stream().allMatch(i -> cluster.member(i).store.hasContent(hash)
                    && cluster.state(i, key).map(s -> s.knows(written.record().version())).orElse(false));
            assertThat(cluster.network().runUntil(held, Duration.ofMillis(10), Duration.ofSeconds(30)))
                    .as("write %d on its holders %s (seed %d)", w, holders, seed).isTrue();
        }
    }

    /**
     * A network of at most {@code directLimit} (16) data members: the writer pushes to every other
     * member itself — N − 1 pushes, no announcements — and under 5 % loss with crashes mid-run
     * every live node still gets every write (a lost push falls back to the rumor tick).
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void inASmallNetworkTheWriterReachesEveryoneItself(long seed) {
        SimReport r = SimScenarios.dissemination(new SimScenarios.Params(16, 0, seed, null));
        assertThat(r.fields().get("delivered")).as(SimSeeds.rerun(r)).isEqualTo(true);
        assertThat(r.number("messages_per_write")).as(SimSeeds.rerun(r)).isEqualTo(15);
        assertThat(r.number("announcements_per_write")).as(SimSeeds.rerun(r)).isZero();
        SimReport failing = SimScenarios.disseminationUnderCrashes(new SimScenarios.Params(16, 0.05, seed, null), 0.10);
        assertThat(failing.number("missing")).as(SimSeeds.rerun(failing)).isZero();
        assertThat(failing.number("errors")).as(SimSeeds.rerun(failing)).isZero();
    }

    /**
     * In the star nobody pushes a write on, so a lost direct push must be repaired by the writer:
     * it tries the same member again on the next ticks (review finding: handing it to the rumor
     * tick reached that member only 3 times in N − 1, the rest waited for anti-entropy). With
     * anti-entropy an hour apart and 5 % loss, every node still gets every write.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void inTheStarALostPushIsSentAgainToTheSameMember(long seed) {
        SimCluster cluster = withoutAntiEntropy(seed, 16, GossipConfig.defaults());
        cluster.network().setLoss(0.05);
        eachWriteReachesEveryNode(cluster, seed, 20, Duration.ofSeconds(10));
    }

    /**
     * Small content travels with its record, hop by hop, also through nodes that do not store it
     * (R = 3 of 16): no holder fetches anything, along the tree or from the star.
     */
    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void smallContentTravelsInlineAndNoHolderFetchesIt(long seed) {
        GossipConfig d = GossipConfig.defaults();
        for (int directLimit : new int[] {0, 16}) {
            GossipConfig config = d.withPlacement(d.placement().withReplicas(3).withScanInterval(Duration.ofHours(1)))
                    .withDissemination(d.dissemination().withDirectLimit(directLimit));
            SimCluster cluster = withoutAntiEntropy(seed, 16, config);
            SplittableRandom random = new SplittableRandom(seed);
            for (int w = 0; w < 5; w++) {
                UUID key = new UUID(random.nextLong(), random.nextLong());
                byte[] content = new byte[1024];
                random.nextBytes(content);
                WriteOutcome.Written written = (WriteOutcome.Written) cluster.write(random.nextInt(16), key, content);
                List<Integer> holders = cluster.await(cluster.node(0).rank(key)).subList(0, 3).stream()
                        .map(h -> cluster.indexOf(h.member().id())).toList();
                BooleanSupplier held = () -> holders.stream()
                        .allMatch(i -> cluster.member(i).store.hasContent(written.record().contentHash()));
                assertThat(cluster.network().runUntil(held, Duration.ofMillis(10), Duration.ofSeconds(30)))
                        .as("write %d on its holders, direct limit %d (seed %d)", w, directLimit, seed).isTrue();
            }
            long fetched = 0;
            for (int i = 0; i < 16; i++) {
                fetched += cluster.await(cluster.node(i).status()).placement().bytesFetched();
            }
            assertThat(fetched).as("bytes fetched, direct limit %d (seed %d)", directLimit, seed).isZero();
        }
    }
}
