package org.gossipcdn.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.junit.jupiter.api.Test;

/** Dead and left members are kept as tombstones for the retention, counted from when they went. */
class MemberTableTest {

    private static Member m(int n, MemberStatus status) {
        return new Member(new NodeId(0, n), new Address("h", 1000 + n), Role.DATA, status, 0);
    }

    @Test
    void liveCountLeavesOutTheGone() {
        MemberTable t = new MemberTable();
        t.put(m(1, MemberStatus.ALIVE), 0);
        t.put(m(2, MemberStatus.SUSPECT), 0);
        t.put(m(3, MemberStatus.DEAD), 0);
        t.put(m(4, MemberStatus.LEFT), 0);
        assertThat(t.liveCount()).isEqualTo(2);
        assertThat(t.all()).hasSize(4);
        t.put(m(3, MemberStatus.ALIVE), 5);
        assertThat(t.liveCount()).as("a member back from the dead counts again").isEqualTo(3);
        assertThat(t.get(new NodeId(0, 3)).status()).isEqualTo(MemberStatus.ALIVE);
    }

    @Test
    void tombstonesAreReapedExactlyAtTheRetentionCountedFromTheFirstTimeGone() {
        MemberTable t = new MemberTable();
        t.put(m(1, MemberStatus.DEAD), 100);
        t.put(m(1, MemberStatus.LEFT), 150); // still gone: the clock keeps running from 100
        t.put(m(2, MemberStatus.ALIVE), 100);
        assertThat(t.reap(149, 50)).isEmpty();
        assertThat(t.reap(150, 50)).containsExactly(m(1, MemberStatus.LEFT));
        assertThat(t.get(new NodeId(0, 1))).isNull();
        assertThat(t.all()).containsExactly(m(2, MemberStatus.ALIVE));
        assertThat(t.reap(1_000_000, 50)).as("live members are never reaped").isEmpty();
        assertThat(t.liveCount()).isEqualTo(1);
    }
}
