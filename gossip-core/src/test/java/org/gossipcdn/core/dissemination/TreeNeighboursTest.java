package org.gossipcdn.core.dissemination;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.junit.jupiter.api.Test;

/** The link rules of the broadcast tree (proposal 0021). */
class TreeNeighboursTest {

    private static final NodeId A = new NodeId(0, 1);
    private static final NodeId B = new NodeId(0, 2);
    private static final Address AT_A = new Address("10.0.0.1", 7001);
    private static final Address AT_B = new Address("10.0.0.2", 7001);

    private final TreeNeighbours links = new TreeNeighbours();

    @Test
    void aPrunedLinkStaysForAnnouncementsAndAGraftMakesItEagerAgain() {
        links.eager(A, AT_A);
        links.prune(A);
        assertThat(links.isEager(A)).isFalse();
        assertThat(links.lazyLinks()).containsExactly(Map.entry(A, AT_A));

        links.eager(A, AT_A);
        assertThat(links.eagerLinks()).containsExactly(Map.entry(A, AT_A));
        assertThat(links.lazyLinks()).isEmpty();
    }

    @Test
    void anAnnouncementDoesNotDemoteAnEagerLink() {
        links.eager(A, AT_A);
        links.lazy(A, AT_A);
        links.lazy(B, AT_B);
        assertThat(links.eagerLinks()).containsExactly(Map.entry(A, AT_A));
        assertThat(links.lazyLinks()).containsExactly(Map.entry(B, AT_B));
    }

    @Test
    void goneNeighboursAreDroppedFromBothSets() {
        links.eager(A, AT_A);
        links.lazy(B, AT_B);
        assertThat(links.dropIf(id -> true)).isEqualTo(2);
        assertThat(links.size()).isZero();
        assertThat(links.contains(A)).isFalse();
    }
}
