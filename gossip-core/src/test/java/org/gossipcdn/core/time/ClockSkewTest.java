package org.gossipcdn.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.gossipcdn.core.identity.NodeId;
import org.junit.jupiter.api.Test;

/**
 * Proposal 0006: offset = peer's clock − (send time + rtt/2); the estimate is the median over the
 * last sample of each of the 64 most recent peers; writes wait for min(2, peers) samples.
 */
class ClockSkewTest {

    private static NodeId peer(int n) {
        return new NodeId(0, n);
    }

    @Test
    void withoutSamplesThereIsNoEstimate() {
        ClockSkew skew = new ClockSkew();
        assertThat(skew.localAheadMillis()).isEmpty();
        assertThat(skew.peers()).isZero();
    }

    @Test
    void theRoundTripIsSplitInHalf() {
        ClockSkew skew = new ClockSkew();
        // sent at 1000 by our clock, 200 ms round trip: the peer answered at our 1100, its clock read 1100
        skew.sample(peer(1), 1_000, 1_100, 200);
        assertThat(skew.localAheadMillis()).hasValue(0);
        // its clock read 600 at our 1100: we are 500 ms ahead
        skew.sample(peer(1), 1_000, 600, 200);
        assertThat(skew.localAheadMillis()).hasValue(500);
        assertThat(skew.peers()).as("one peer's last sample counts once").isEqualTo(1);
        // its clock read 4100 at our 1100: we are 3 s behind
        skew.sample(peer(1), 1_000, 4_100, 200);
        assertThat(skew.localAheadMillis()).hasValue(-3_000);
    }

    @Test
    void theEstimateIsTheMedianSoOneBadPeerDoesNotMoveIt() {
        ClockSkew skew = new ClockSkew();
        skew.sample(peer(1), 10_000, 10_000, 0);
        skew.sample(peer(2), 10_000, 10_010, 0);
        skew.sample(peer(3), 10_000, 10_000 + 600_000, 0); // a peer ten minutes fast
        assertThat(skew.localAheadMillis()).hasValue(-10);
        skew.sample(peer(4), 10_000, 10_000 - 600_000, 0); // and one ten minutes slow
        skew.sample(peer(5), 10_000, 10_005, 0);
        assertThat(skew.localAheadMillis()).hasValue(-5);
    }

    @Test
    void theMedianMatchesASortedReferenceForRandomOffsets() {
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            ClockSkew skew = new ClockSkew();
            int n = 1 + random.nextInt(20);
            List<Long> peerAhead = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long offset = random.nextInt(2_000_001) - 1_000_000;
                skew.sample(peer(i), 50_000_000, 50_000_000 + offset, 0);
                peerAhead.add(offset);
            }
            Collections.sort(peerAhead);
            // upper median of the peers' offsets; we are ahead by its negation
            assertThat(skew.localAheadMillis()).hasValue(-peerAhead.get(n / 2));
        }
    }

    @Test
    void onlyTheSixtyFourMostRecentPeersCount() {
        ClockSkew skew = new ClockSkew();
        for (int i = 0; i < 64; i++) {
            skew.sample(peer(i), 0, 1_000_000, 0); // 64 peers 1000 s ahead of us
        }
        assertThat(skew.peers()).isEqualTo(64);
        for (int i = 100; i < 164; i++) {
            skew.sample(peer(i), 0, 0, 0); // 64 newer peers in step with us
        }
        assertThat(skew.peers()).isEqualTo(64);
        assertThat(skew.localAheadMillis()).hasValue(0);
    }

    @Test
    void aPeerSampledAgainIsRecentAgain() {
        ClockSkew skew = new ClockSkew();
        skew.sample(peer(0), 0, -7_000, 0);              // peer 0: we are 7 s ahead of it
        for (int i = 1; i < 64; i++) {
            skew.sample(peer(i), 0, 0, 0);               // peers 1..63 in step
        }
        skew.sample(peer(0), 0, -7_000, 0);              // refreshed: peer 1 is now the eldest
        for (int i = 200; i < 232; i++) {
            skew.sample(peer(i), 0, -7_000, 0);          // 32 newer peers evict peers 1..32
        }
        // kept: peers 33..63 in step (31), peer 0 and the 32 new ones 7 s behind us (33); had peer 0
        // been evicted instead of peer 32, 32 of 64 would say 7 s and the upper median would be 0
        assertThat(skew.peers()).isEqualTo(64);
        assertThat(skew.localAheadMillis()).as("peer 0 was kept: 33 of 64 samples say 7 s").hasValue(7_000);
    }

    @Test
    void writesWaitForMinOfTwoAndThePeersKnown() {
        ClockSkew alone = new ClockSkew();
        assertThat(alone.compared()).as("a lone node has nothing to compare with").isTrue();

        ClockSkew one = new ClockSkew();
        one.expectPeers(1);
        assertThat(one.compared()).isFalse();
        one.sample(peer(1), 0, 0, 0);
        assertThat(one.compared()).isTrue();

        ClockSkew many = new ClockSkew();
        many.expectPeers(10);
        many.sample(peer(1), 0, 0, 0);
        assertThat(many.compared()).isFalse();
        many.sample(peer(2), 0, 0, 0);
        assertThat(many.compared()).isTrue();
    }
}
