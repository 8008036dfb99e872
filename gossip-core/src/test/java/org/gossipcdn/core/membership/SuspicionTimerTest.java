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
 * Issue 11, defect 9: a member suspected again at a higher incarnation (it refuted, then was
 * suspected anew) kept the first suspicion's timer, which then found the incarnation changed and
 * did nothing: the member stayed suspect for ever instead of being declared dead.
 */
class SuspicionTimerTest {

    @Test
    void aMemberSuspectedAgainAtAHigherIncarnationIsStillDeclaredDeadWhenItStaysSilent() {
        SimNetwork network = new SimNetwork(1);
        Address selfAddress = new Address("10.0.0.1", 7001);
        SimHostKit kit = network.host(selfAddress);
        Member self = new Member(new NodeId(0, 1), selfAddress, Role.DATA, MemberStatus.ALIVE, 0);
        Membership membership = new Membership(self, MembershipConfig.defaults(),
                new Exchange(kit.transport(), kit.scheduler(), Listener.NONE), kit.scheduler(), network.splitRandom(),
                kit.clock(), Listener.NONE, incarnation -> { }, new ClockSkew());
        kit.scheduler().execute(() -> membership.start(List.of()));
        network.runFor(Duration.ofMillis(10));

        NodeId other = new NodeId(0, 2);
        Address otherAddress = new Address("10.0.0.2", 7001); // nobody there: it never answers a probe
        kit.scheduler().execute(() -> membership.apply(new Member(other, otherAddress, Role.DATA, MemberStatus.SUSPECT, 1)));
        network.runFor(Duration.ofMillis(100));
        kit.scheduler().execute(() -> membership.apply(new Member(other, otherAddress, Role.DATA, MemberStatus.SUSPECT, 2)));
        network.runFor(Duration.ofMinutes(2));

        assertThat(membership.member(other).status()).isIn(MemberStatus.DEAD);
    }
}
