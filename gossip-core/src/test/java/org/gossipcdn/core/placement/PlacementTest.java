package org.gossipcdn.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.sim.check.PlacementOracle;
import org.junit.jupiter.api.Test;

/** Placement against the checker's independent reading of the rule ({@link PlacementOracle}), and its statistics. */
class PlacementTest {

    private static final SplittableRandom RANDOM = new SplittableRandom(42);

    private static Member member(int i, long capacity, MemberStatus status) {
        return new Member(new NodeId(RANDOM.nextLong(), RANDOM.nextLong()), new Address("n" + i, 7000), Role.DATA,
                status, 0, capacity);
    }

    private static List<Member> members(int n) {
        List<Member> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(member(i, Member.DEFAULT_CAPACITY, MemberStatus.ALIVE));
        }
        return all;
    }

    private static UUID key() {
        return new UUID(RANDOM.nextLong(), RANDOM.nextLong());
    }

    private static List<NodeId> oracle(UUID key, List<Member> members, int r) {
        List<PlacementOracle.Node> nodes = new ArrayList<>();
        Map<PlacementOracle.Node, NodeId> ids = new HashMap<>();
        for (Member m : members) {
            if (m.role() == Role.DATA && !m.status().isGone()) {
                PlacementOracle.Node n = new PlacementOracle.Node(m.id().high(), m.id().low(), m.capacity());
                nodes.add(n);
                ids.put(n, m.id());
            }
        }
        return PlacementOracle.holders(key, nodes, r).stream().map(ids::get).toList();
    }

    @Test
    void holdersAreTheOraclesAndIsHolderAgreesWithThem() {
        List<Member> all = members(20);
        all.set(3, all.get(3).with(MemberStatus.DEAD, 1));
        all.set(7, all.get(7).with(MemberStatus.SUSPECT, 1));
        all.add(new Member(new NodeId(9, 9), new Address("registry", 7000), Role.REGISTRY, MemberStatus.ALIVE, 0));
        for (int k = 0; k < 500; k++) {
            UUID key = key();
            List<NodeId> expected = oracle(key, all, 3);
            Placement any = new Placement(all.get(0).id(), 3, () -> all);
            assertThat(any.holders(key).stream().map(h -> h.member().id()).toList()).isEqualTo(expected);
            for (Member m : all) {
                Placement at = new Placement(m.id(), 3, () -> all);
                assertThat(at.isHolder(key)).as("member %s for key %s", m, key).isEqualTo(expected.contains(m.id()));
            }
        }
    }

    @Test
    void fewerLiveDataMembersThanReplicasMeansEveryoneHoldsEverything() {
        List<Member> all = members(2);
        Placement p = new Placement(all.get(1).id(), 3, () -> all);
        assertThat(p.holders(key())).hasSize(2);
        assertThat(p.isHolder(key())).isTrue();
        assertThat(p.copiesRequired()).isEqualTo(2);
    }

    @Test
    void keysSpreadEvenlyAndByCapacity() {
        List<Member> all = members(8);
        all.set(0, member(0, 2 * Member.DEFAULT_CAPACITY, MemberStatus.ALIVE)); // twice the capacity
        Map<NodeId, Integer> firsts = new HashMap<>();
        int keys = 40_000;
        Placement p = new Placement(all.get(0).id(), 1, () -> all);
        for (int k = 0; k < keys; k++) {
            firsts.merge(p.holders(key()).get(0).member().id(), 1, Integer::sum);
        }
        double unit = keys / 9.0; // 8 members, one counting twice
        assertThat(firsts.get(all.get(0).id())).isBetween((int) (2 * unit * 0.93), (int) (2 * unit * 1.07));
        for (int i = 1; i < 8; i++) {
            assertThat(firsts.get(all.get(i).id())).isBetween((int) (unit * 0.9), (int) (unit * 1.1));
        }
    }

    @Test
    void aJoinMovesOnlyKeysTheNewcomerTakes() {
        List<Member> before = members(16);
        List<Member> after = new ArrayList<>(before);
        Member newcomer = member(16, Member.DEFAULT_CAPACITY, MemberStatus.ALIVE);
        after.add(newcomer);
        Placement old = new Placement(before.get(0).id(), 3, () -> before);
        Placement now = new Placement(before.get(0).id(), 3, () -> after);
        int changed = 0;
        int keys = 20_000;
        for (int k = 0; k < keys; k++) {
            UUID key = key();
            Set<NodeId> a = new HashSet<>(old.holders(key).stream().map(h -> h.member().id()).toList());
            Set<NodeId> b = new HashSet<>(now.holders(key).stream().map(h -> h.member().id()).toList());
            if (!a.equals(b)) {
                changed++;
                b.removeAll(a);
                assertThat(b).containsExactly(newcomer.id()); // only the newcomer enters
            }
        }
        // R/N of the keys gain the newcomer: 3/17 of 20,000 ≈ 3,529
        assertThat(changed).isBetween((int) (keys * 3 / 17.0 * 0.9), (int) (keys * 3 / 17.0 * 1.1));
    }
}
