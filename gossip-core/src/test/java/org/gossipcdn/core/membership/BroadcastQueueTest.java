package org.gossipcdn.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.junit.jupiter.api.Test;

/** Piggyback queue: least-sent first (oldest first among equals), each update sent at most limit times, newest claim only. */
class BroadcastQueueTest {

    private static Member m(int n, MemberStatus status, long incarnation) {
        return new Member(new NodeId(0, n), new Address("h" + n, 1000 + n), Role.DATA, status, incarnation);
    }

    @Test
    void updatesGoOutLeastSentFirstThenOldestFirst() {
        BroadcastQueue q = new BroadcastQueue();
        q.add(m(1, MemberStatus.ALIVE, 0));
        q.add(m(2, MemberStatus.ALIVE, 0));
        q.add(m(3, MemberStatus.ALIVE, 0));
        assertThat(q.take(2, 10)).extracting(Member::id).containsExactly(new NodeId(0, 1), new NodeId(0, 2));
        assertThat(q.take(2, 10)).as("3 was never sent; then 1, sent once, older than 2")
                .extracting(Member::id).containsExactly(new NodeId(0, 3), new NodeId(0, 1));
        assertThat(q.size()).isEqualTo(3);
    }

    @Test
    void anUpdateIsDroppedAfterLimitTransmits() {
        BroadcastQueue q = new BroadcastQueue();
        q.add(m(1, MemberStatus.ALIVE, 0));
        assertThat(q.take(5, 3)).hasSize(1);
        assertThat(q.take(5, 3)).hasSize(1);
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.take(5, 3)).hasSize(1);
        assertThat(q.size()).isZero();
        assertThat(q.take(5, 3)).isEmpty();
    }

    @Test
    void aNewerClaimReplacesTheQueuedOneAndStartsAfresh() {
        BroadcastQueue q = new BroadcastQueue();
        q.add(m(1, MemberStatus.ALIVE, 0));
        q.add(m(2, MemberStatus.ALIVE, 0));
        q.take(1, 2); // member 1 sent once
        q.add(m(1, MemberStatus.SUSPECT, 0));
        assertThat(q.size()).isEqualTo(2);
        List<Member> out = q.take(5, 2);
        assertThat(out).containsExactly(m(2, MemberStatus.ALIVE, 0), m(1, MemberStatus.SUSPECT, 0));
        assertThat(q.take(5, 2)).as("the replacement is sent limit times too").containsExactly(m(2, MemberStatus.ALIVE, 0),
                m(1, MemberStatus.SUSPECT, 0));
        assertThat(q.size()).isZero();
        // a replaced entry is gone for good: re-adding the old member later is a fresh single entry
        q.add(m(1, MemberStatus.DEAD, 1));
        assertThat(q.take(5, 1)).containsExactly(m(1, MemberStatus.DEAD, 1));
        assertThat(q.size()).isZero();
    }

    /** Against a reference model: a list of (member, sends, seq), picked by the rule with a full scan. */
    @Test
    void behavesLikeTheReferenceModel() {
        Random random = new Random(5);
        for (int run = 0; run < 200; run++) {
            BroadcastQueue q = new BroadcastQueue();
            Map<NodeId, long[]> model = new HashMap<>(); // id -> {sends, seq}
            Map<NodeId, Member> latest = new HashMap<>();
            long seq = 0;
            int limit = 1 + random.nextInt(4);
            for (int step = 0; step < 40; step++) {
                if (random.nextInt(3) > 0) {
                    Member u = m(random.nextInt(6), MemberStatus.values()[random.nextInt(4)], random.nextInt(3));
                    q.add(u);
                    model.put(u.id(), new long[] {0, seq++});
                    latest.put(u.id(), u);
                } else {
                    int max = random.nextInt(4);
                    List<Member> expected = new ArrayList<>();
                    List<NodeId> ids = new ArrayList<>(model.keySet());
                    ids.sort((x, y) -> {
                        long[] a = model.get(x);
                        long[] b = model.get(y);
                        return a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]);
                    });
                    for (NodeId id : ids.subList(0, Math.min(max, ids.size()))) {
                        expected.add(latest.get(id));
                        if (++model.get(id)[0] >= limit) {
                            model.remove(id);
                        }
                    }
                    assertThat(q.take(max, limit)).as("run %d step %d", run, step).isEqualTo(expected);
                }
                assertThat(q.size()).isEqualTo(model.size());
            }
        }
    }
}
