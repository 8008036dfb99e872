package org.gossipcdn.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.sim.SimHostKit;
import org.gossipcdn.core.sim.SimNetwork;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.time.ClockSkew;
import org.junit.jupiter.api.Test;

/**
 * Dead data members are never forgotten (deletes wait for them, proposal 0003); one whose address
 * a new member now serves was replaced by a node with a new data dir, and is taken as left.
 */
class ReplacedMemberTest {

    private static Membership membership(SimNetwork network) {
        Address selfAddress = new Address("10.0.0.1", 7001);
        SimHostKit kit = network.host(selfAddress);
        Member self = new Member(new NodeId(0, 1), selfAddress, Role.DATA, MemberStatus.ALIVE, 0);
        Membership m = new Membership(self, MembershipConfig.defaults(),
                new Exchange(kit.transport(), kit.scheduler(), Listener.NONE), kit.scheduler(), network.splitRandom(),
                kit.clock(), Listener.NONE, incarnation -> { }, new ClockSkew());
        kit.scheduler().execute(() -> m.start(List.of()));
        network.runFor(Duration.ofMillis(10));
        return m;
    }

    @Test
    void aDeadDataMemberWhoseAddressANewMemberServesIsTakenAsLeft() {
        SimNetwork network = new SimNetwork(3);
        Membership m = membership(network);
        Address shared = new Address("10.0.0.2", 7001);
        NodeId old = new NodeId(0, 2);
        NodeId replacement = new NodeId(0, 3);
        m.apply(new Member(old, shared, Role.DATA, MemberStatus.DEAD, 4));
        assertThat(m.member(old).status()).isEqualTo(MemberStatus.DEAD);

        m.apply(new Member(replacement, shared, Role.DATA, MemberStatus.ALIVE, 0));

        assertThat(m.member(old).status()).isEqualTo(MemberStatus.LEFT);
        assertThat(m.member(replacement).status()).isEqualTo(MemberStatus.ALIVE);
    }

    @Test
    void aMemberDeclaredDeadAfterItsReplacementAppearedIsTakenAsLeftToo() {
        SimNetwork network = new SimNetwork(5);
        Membership m = membership(network);
        Address shared = new Address("10.0.0.2", 7001);
        NodeId old = new NodeId(0, 2);
        m.apply(new Member(old, shared, Role.DATA, MemberStatus.SUSPECT, 4)); // a fast restart: still suspect
        m.apply(new Member(new NodeId(0, 3), shared, Role.DATA, MemberStatus.ALIVE, 0));
        m.apply(new Member(old, shared, Role.DATA, MemberStatus.DEAD, 4));
        assertThat(m.member(old).status()).isEqualTo(MemberStatus.LEFT);
    }

    @Test
    void aDeadDataMemberAtAnotherAddressStaysDead() {
        SimNetwork network = new SimNetwork(4);
        Membership m = membership(network);
        NodeId old = new NodeId(0, 2);
        m.apply(new Member(old, new Address("10.0.0.2", 7001), Role.DATA, MemberStatus.DEAD, 4));
        m.apply(new Member(new NodeId(0, 3), new Address("10.0.0.3", 7001), Role.DATA, MemberStatus.ALIVE, 0));
        assertThat(m.member(old).status()).isEqualTo(MemberStatus.DEAD);
    }
}
