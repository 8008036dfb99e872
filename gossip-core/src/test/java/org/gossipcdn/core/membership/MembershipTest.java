package org.gossipcdn.core.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.io.InputStream;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.Ack;
import org.gossipcdn.core.message.Exchange;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Nack;
import org.gossipcdn.core.message.Ping;
import org.gossipcdn.core.message.PingReq;
import org.gossipcdn.core.message.PushPull;
import org.gossipcdn.core.sim.SimHostKit;
import org.gossipcdn.core.sim.SimNetwork;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.time.ClockSkew;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.Test;

/**
 * One real {@link Membership} on a simulated network, its peers scripted: what SWIM says a member
 * does when probes are answered or not, when it is accused, when it leaves, joins and forgets.
 */
class MembershipTest {

    private static final MembershipConfig CONFIG = MembershipConfig.defaults(); // 1 s period, 500 ms probe timeout

    private final SimNetwork net = new SimNetwork(3);
    private final Address selfAddress = new Address("h0", 1000);
    private final SimHostKit kit = net.host(selfAddress);
    private final Member self = member(0, MemberStatus.ALIVE, 0);
    private final List<Long> incarnations = new ArrayList<>();
    private final List<Member[]> changes = new ArrayList<>();
    private final ClockSkew skew = new ClockSkew();
    private final Membership membership = new Membership(self, CONFIG,
            new Exchange(kit.transport(), kit.scheduler(), Listener.NONE), kit.scheduler(), new SplittableRandom(9),
            kit.clock(), new Listener() {
                @Override
                public void onMemberChanged(Member previous, Member current) {
                    changes.add(new Member[] {previous, current});
                }
            }, incarnations::add, skew);

    private static Member member(int n, MemberStatus status, long incarnation) {
        return new Member(new NodeId(0, n), new Address("h" + n, 1000 + n), Role.DATA, status, incarnation);
    }

    /** A scripted peer at member n's address: answers every request with {@code answer}. */
    private List<GossipMessage> peer(int n, Function<GossipMessage, CompletableFuture<GossipMessage>> answer) {
        List<GossipMessage> received = new ArrayList<>();
        net.host(member(n, MemberStatus.ALIVE, 0).address()).transport().bind(new MessageHandler() {
            @Override
            public CompletableFuture<GossipMessage> handle(GossipMessage request) {
                received.add(request);
                return answer.apply(request);
            }

            @Override
            public Optional<InputStream> openContent(Sha256 hash) {
                return Optional.empty();
            }
        });
        return received;
    }

    private static CompletableFuture<GossipMessage> ack(GossipMessage request) {
        return CompletableFuture.completedFuture(new Ack(0, List.of()));
    }

    private static CompletableFuture<GossipMessage> silence(GossipMessage request) {
        return new CompletableFuture<>();
    }

    private MemberStatus statusOf(int n) {
        return membership.member(new NodeId(0, n)).status();
    }

    @Test
    void aPingForThisNodeIsAckedWithItsClockAndSampledOneForAnotherIsNacked() {
        Ack ack = (Ack) membership.onPing(new Ping(new NodeId(0, 5), self.id(), SimNetwork.EPOCH_MILLIS + 2_000, List.of()));
        assertThat(ack.wallMillis()).isEqualTo(kit.clock().wallMillis());
        assertThat(skew.localAheadMillis()).hasValue(-2_000);
        assertThat(membership.onPing(new Ping(new NodeId(0, 6), new NodeId(0, 7), 0, List.of(member(6, MemberStatus.ALIVE, 0)))))
                .isInstanceOf(Nack.class);
        assertThat(membership.member(new NodeId(0, 6))).as("a ping's piggyback is merged").isNotNull();
        assertThat(skew.peers()).as("a ping without a clock is no sample").isEqualTo(1);
    }

    @Test
    void aNewMemberIsNewsAndGoesOutOnPiggybacksAGoneOneIsRememberedQuietly() {
        assertThat(membership.apply(member(1, MemberStatus.ALIVE, 0))).isTrue();
        assertThat(membership.apply(member(2, MemberStatus.DEAD, 3))).isFalse();
        assertThat(membership.liveCount()).isEqualTo(2);
        assertThat(membership.snapshot()).containsExactly(self, member(1, MemberStatus.ALIVE, 0), member(2, MemberStatus.DEAD, 3));
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).containsExactly(null, member(1, MemberStatus.ALIVE, 0));
        assertThat(membership.piggyback()).containsExactly(member(1, MemberStatus.ALIVE, 0));
        assertThat(membership.apply(member(2, MemberStatus.ALIVE, 3))).as("a stale alive does not revive it").isFalse();
        assertThat(membership.apply(member(2, MemberStatus.ALIVE, 4))).as("the member itself came back").isTrue();
        assertThat(membership.liveCount()).isEqualTo(3);
        assertThat(membership.randomPeers(5, m -> true)).extracting(Member::id)
                .containsExactlyInAnyOrder(new NodeId(0, 1), new NodeId(0, 2));
    }

    @Test
    void learnedMembersAreTakenButNotGossipedAsNews() {
        membership.learn(List.of(member(1, MemberStatus.ALIVE, 0), member(2, MemberStatus.SUSPECT, 1)));
        assertThat(membership.liveCount()).isEqualTo(3);
        assertThat(changes).hasSize(2);
        assertThat(membership.piggyback()).isEmpty();
    }

    @Test
    void anAccusationOfThisNodeIsRefutedWithAHigherIncarnation() {
        membership.mergeAll(List.of(self.with(MemberStatus.SUSPECT, 0)));
        assertThat(membership.self()).isEqualTo(self.with(MemberStatus.ALIVE, 1));
        assertThat(incarnations).containsExactly(1L);
        assertThat(membership.piggyback()).contains(self.with(MemberStatus.ALIVE, 1));

        membership.mergeAll(List.of(self.with(MemberStatus.DEAD, 0)));
        assertThat(membership.self().incarnation()).as("an old accusation needs no refutation").isEqualTo(1);
        membership.mergeAll(List.of(self.with(MemberStatus.ALIVE, 1)));
        assertThat(membership.self().incarnation()).as("our own current claim").isEqualTo(1);
        membership.mergeAll(List.of(self.with(MemberStatus.ALIVE, 6)));
        assertThat(membership.self()).as("someone holds a newer claim of ours: outbid it")
                .isEqualTo(self.with(MemberStatus.ALIVE, 7));
        membership.mergeAll(List.of(self.with(MemberStatus.DEAD, 7)));
        assertThat(membership.self()).isEqualTo(self.with(MemberStatus.ALIVE, 8));
        assertThat(incarnations).containsExactly(1L, 7L, 8L);
        assertThat(membership.member(self.id())).isEqualTo(membership.self());
    }

    @Test
    void aLeavingNodeTellsPeersAndDoesNotRefuteItsDeath() {
        List<GossipMessage> atPeer = peer(1, MembershipTest::ack);
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        CompletableFuture<Void> left = membership.leave();
        net.runFor(Duration.ofMillis(100));
        assertThat(left).isCompleted();
        assertThat(membership.self()).isEqualTo(self.with(MemberStatus.LEFT, 1));
        assertThat(incarnations).containsExactly(1L);
        assertThat(atPeer).singleElement().isInstanceOfSatisfying(PushPull.class,
                pp -> assertThat(pp.members()).containsExactly(self.with(MemberStatus.LEFT, 1)));
        membership.mergeAll(List.of(self.with(MemberStatus.DEAD, 5)));
        assertThat(membership.self()).isEqualTo(self.with(MemberStatus.LEFT, 1));
    }

    @Test
    void anAnsweredProbeKeepsAMemberAliveAndSamplesItsClock() {
        List<GossipMessage> atPeer = peer(1, r -> CompletableFuture.completedFuture(
                new Ack(SimNetwork.EPOCH_MILLIS + 60_000, List.of(member(4, MemberStatus.ALIVE, 2)))));
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        membership.start(List.of());
        net.runFor(Duration.ofSeconds(3));
        assertThat(atPeer).anyMatch(m -> m instanceof Ping p && p.target().equals(new NodeId(0, 1)));
        assertThat(statusOf(1)).isEqualTo(MemberStatus.ALIVE);
        assertThat(statusOf(4)).as("the ack's piggyback is merged").isEqualTo(MemberStatus.ALIVE);
        assertThat(skew.localAheadMillis()).isPresent();
        assertThat(skew.localAheadMillis().getAsLong()).isBetween(-60_000L, -59_000L);
    }

    @Test
    void aSilentMemberIsSuspectedThenDeclaredDeadAfterTheSuspicionTimeout() {
        peer(1, MembershipTest::silence);
        List<GossipMessage> helper = peer(2, r -> CompletableFuture.completedFuture(
                r instanceof PingReq ? new Nack("no ack") : new Ack(0, List.of())));
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        membership.apply(member(2, MemberStatus.ALIVE, 0));
        membership.start(List.of());
        boolean suspected = net.runUntil(() -> statusOf(1) == MemberStatus.SUSPECT, Duration.ofMillis(10), Duration.ofSeconds(10));
        assertThat(suspected).isTrue();
        assertThat(helper).anyMatch(m -> m instanceof PingReq r && r.target().id().equals(new NodeId(0, 1)));
        // 3 live members: the timeout is 4 · max(1, log10 3) · 1 s = 4 s
        assertThat(membership.suspicionTimeout()).isEqualTo(Duration.ofSeconds(4));
        net.runFor(Duration.ofMillis(3_900));
        assertThat(statusOf(1)).isEqualTo(MemberStatus.SUSPECT);
        net.runFor(Duration.ofMillis(200));
        assertThat(statusOf(1)).isEqualTo(MemberStatus.DEAD);
        assertThat(statusOf(2)).isEqualTo(MemberStatus.ALIVE);
        assertThat(membership.liveCount()).isEqualTo(2);
    }

    @Test
    void anIndirectAckSavesAMemberFromSuspicion() {
        peer(1, MembershipTest::silence);
        peer(2, r -> CompletableFuture.completedFuture(new Ack(0, List.of())));
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        membership.apply(member(2, MemberStatus.ALIVE, 0));
        membership.start(List.of());
        net.runFor(Duration.ofSeconds(20));
        assertThat(statusOf(1)).isEqualTo(MemberStatus.ALIVE);
    }

    @Test
    void withNoOneToAskASilentMemberIsSuspectedAtOnce() {
        peer(1, MembershipTest::silence);
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        membership.start(List.of());
        assertThat(net.runUntil(() -> statusOf(1) == MemberStatus.SUSPECT, Duration.ofMillis(10), Duration.ofSeconds(2)))
                .isTrue();
    }

    @Test
    void aSuspectWeProbeHearsOfItsSuspicionAndItsRefutationEndsIt() {
        List<GossipMessage> atPeer = peer(1, r -> CompletableFuture.completedFuture(
                new Ack(0, List.of(member(1, MemberStatus.ALIVE, 1)))));
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        membership.apply(member(1, MemberStatus.SUSPECT, 0));
        while (!membership.piggyback().isEmpty()) {
            // the suspicion has been gossiped its share of times: only the buddy rule still sends it
        }
        membership.start(List.of());
        net.runFor(Duration.ofSeconds(2));
        assertThat(atPeer).first().isInstanceOfSatisfying(Ping.class,
                p -> assertThat(p.updates()).first().isEqualTo(member(1, MemberStatus.SUSPECT, 0)));
        assertThat(membership.member(new NodeId(0, 1))).isEqualTo(member(1, MemberStatus.ALIVE, 1));
        net.runFor(Duration.ofSeconds(10));
        assertThat(statusOf(1)).as("the suspicion timer was called off").isEqualTo(MemberStatus.ALIVE);
    }

    @Test
    void aPingReqIsForwardedAndItsOutcomeReported() {
        peer(1, MembershipTest::ack);
        peer(2, MembershipTest::silence);
        peer(4, r -> CompletableFuture.completedFuture(new Ack(0, List.of(member(7, MemberStatus.ALIVE, 0)))));
        CompletableFuture<GossipMessage> relayed = membership.onPingReq(new PingReq(new NodeId(0, 9),
                member(4, MemberStatus.ALIVE, 0), List.of()));
        CompletableFuture<GossipMessage> ok = membership.onPingReq(new PingReq(new NodeId(0, 9),
                member(1, MemberStatus.ALIVE, 0), List.of(member(3, MemberStatus.ALIVE, 0))));
        CompletableFuture<GossipMessage> lost = membership.onPingReq(new PingReq(new NodeId(0, 9),
                member(2, MemberStatus.ALIVE, 0), List.of()));
        net.runFor(Duration.ofSeconds(1));
        assertThat(ok.join()).isInstanceOf(Ack.class);
        assertThat(lost.join()).isInstanceOf(Nack.class);
        assertThat(statusOf(3)).isEqualTo(MemberStatus.ALIVE);
        assertThat(relayed.join()).isInstanceOf(Ack.class);
        assertThat(statusOf(7)).as("the target's piggyback is merged").isEqualTo(MemberStatus.ALIVE);
    }

    @Test
    void anIndirectAcksPiggybackIsMerged() {
        peer(1, MembershipTest::silence);
        peer(2, r -> CompletableFuture.completedFuture(r instanceof PingReq
                ? new Ack(0, List.of(member(8, MemberStatus.ALIVE, 0))) : new Ack(0, List.of())));
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        membership.apply(member(2, MemberStatus.ALIVE, 0));
        membership.start(List.of());
        assertThat(net.runUntil(() -> membership.member(new NodeId(0, 8)) != null, Duration.ofMillis(10), Duration.ofSeconds(5)))
                .isTrue();
    }

    @Test
    void startingAndLeavingAreGossipedAbout() {
        membership.start(List.of());
        assertThat(membership.piggyback()).containsExactly(self);
        membership.leave();
        assertThat(membership.piggyback()).containsExactly(self.with(MemberStatus.LEFT, 1));
    }

    @Test
    void eachLiveMemberIsProbedOncePerRound() {
        List<List<GossipMessage>> seen = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            seen.add(peer(i, MembershipTest::ack));
            membership.apply(member(i, i == 4 ? MemberStatus.DEAD : MemberStatus.ALIVE, 0));
        }
        membership.start(List.of());
        net.runFor(Duration.ofSeconds(1));          // the first probe fires within the first period
        for (int round = 1; round <= 3; round++) {
            net.runFor(Duration.ofSeconds(3));
            for (int i = 0; i < 3; i++) {
                long pings = seen.get(i).stream().filter(m -> m instanceof Ping).count();
                assertThat(pings).as("member %d after %d rounds", i + 1, round).isBetween((long) round, (long) round + 1);
            }
        }
        assertThat(seen.get(3)).as("the dead are not probed").noneMatch(m -> m instanceof Ping);
    }

    @Test
    void aPeriodicPushPullMergesThePeersViewAndSamplesItsClock() {
        List<GossipMessage> atPeer = peer(1, r -> CompletableFuture.completedFuture(new PushPull(member(1, MemberStatus.ALIVE, 0),
                false, SimNetwork.EPOCH_MILLIS + 100_000, List.of(member(1, MemberStatus.ALIVE, 0), member(9, MemberStatus.ALIVE, 0)))));
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        membership.start(List.of());
        net.runFor(Duration.ofSeconds(46));
        assertThat(atPeer).anyMatch(m -> m instanceof PushPull pp && !pp.join() && pp.members().contains(self));
        assertThat(membership.member(new NodeId(0, 9))).as("learned from the answer").isNotNull();
        assertThat(skew.localAheadMillis().orElseThrow()).as("its clock read 100 s past the epoch, ours < 46 s").isLessThan(-54_000);
    }

    @Test
    void onlyAStatusChangeIsReportedAndClaimsAboutThisNodeAreNotNews() {
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        assertThat(membership.apply(member(1, MemberStatus.ALIVE, 1))).isTrue();
        assertThat(changes).hasSize(1);
        assertThat(membership.apply(member(1, MemberStatus.SUSPECT, 1))).isTrue();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1)).containsExactly(member(1, MemberStatus.ALIVE, 1), member(1, MemberStatus.SUSPECT, 1));
        assertThat(membership.apply(self.with(MemberStatus.ALIVE, 0))).isFalse();
        assertThat(membership.apply(self.with(MemberStatus.SUSPECT, 0))).as("refuted, not applied").isFalse();
    }

    @Test
    void joiningMergesWhatEachReachableSeedKnows() {
        peer(1, r -> CompletableFuture.completedFuture(new PushPull(member(1, MemberStatus.ALIVE, 0), false,
                SimNetwork.EPOCH_MILLIS, List.of(member(1, MemberStatus.ALIVE, 0), member(5, MemberStatus.ALIVE, 0)))));
        peer(2, MembershipTest::silence);
        CompletableFuture<Integer> joined = membership.join(List.of(selfAddress, member(1, MemberStatus.ALIVE, 0).address(),
                member(2, MemberStatus.ALIVE, 0).address()));
        net.runFor(Duration.ofSeconds(5));
        assertThat(joined.join()).isEqualTo(1);
        assertThat(membership.liveCount()).isEqualTo(3);
        assertThat(skew.peers()).isEqualTo(1);
    }

    @Test
    void aPushPullIsAnsweredWithTheWholeViewAndMergedBothWays() {
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        PushPull answer = (PushPull) membership.onPushPull(new PushPull(member(2, MemberStatus.ALIVE, 0), false,
                SimNetwork.EPOCH_MILLIS + 1_000, List.of(member(3, MemberStatus.DEAD, 0))));
        assertThat(answer.from()).isEqualTo(self);
        assertThat(answer.members()).extracting(Member::id).containsExactly(self.id(), new NodeId(0, 1), new NodeId(0, 2),
                new NodeId(0, 3));
        assertThat(skew.localAheadMillis()).hasValue(-1_000);
        membership.onPushPull(new PushPull(member(4, MemberStatus.ALIVE, 0), false, 0, List.of()));
        assertThat(skew.peers()).isEqualTo(1);
    }

    @Test
    void deadDataMembersAreRetriedAndNeverForgottenLeftOnesAreForgottenAfterTheRetention() {
        List<GossipMessage> atDead = peer(1, MembershipTest::silence);
        Membership m = new Membership(self, CONFIG.withDeadRetention(Duration.ofSeconds(90)),
                new Exchange(kit.transport(), kit.scheduler(), Listener.NONE), kit.scheduler(), new SplittableRandom(9),
                kit.clock(), Listener.NONE, incarnations::add, skew);
        m.apply(member(1, MemberStatus.DEAD, 0));
        m.apply(member(2, MemberStatus.LEFT, 0));
        m.start(List.of());
        net.runFor(Duration.ofSeconds(80));
        assertThat(m.member(new NodeId(0, 2))).isNotNull();
        assertThat(atDead).as("push-pull reconnect attempts to the dead member").isNotEmpty()
                .allMatch(x -> x instanceof PushPull);
        net.runFor(Duration.ofSeconds(12));
        assertThat(m.member(new NodeId(0, 2))).as("left: forgotten after the retention").isNull();
        assertThat(m.member(new NodeId(0, 1))).as("a dead data member: a delete waits for it").isNotNull();
    }

    @Test
    void aStoppedNodeNoLongerProbes() {
        List<GossipMessage> atPeer = peer(1, MembershipTest::ack);
        membership.apply(member(1, MemberStatus.ALIVE, 0));
        membership.start(List.of());
        net.runFor(Duration.ofSeconds(3));
        membership.stop();
        int before = atPeer.size();
        net.runFor(Duration.ofSeconds(60));
        assertThat(atPeer).hasSize(before);
    }

    @Test
    void randomPeersAreDistinctLiveAndFiltered() {
        for (int i = 1; i <= 8; i++) {
            membership.apply(member(i, i % 4 == 0 ? MemberStatus.DEAD : i % 4 == 1 ? MemberStatus.SUSPECT : MemberStatus.ALIVE, 1));
        }
        for (int round = 0; round < 20; round++) {
            List<Member> peers = membership.randomPeers(3, m -> m.id().low() != 2);
            assertThat(peers).hasSize(3);
            assertThat(new HashSet<>(peers)).hasSize(3);
            assertThat(peers).noneMatch(m -> m.status().isGone() || m.id().low() == 2);
        }
        assertThat(membership.randomPeers(10, m -> true)).hasSize(6);
        assertThat(membership.randomPeers(0, m -> true)).isEmpty();
    }

    @Test
    void timeoutsAndRetransmitsGrowWithLogN() {
        // N = 1: 4 · max(1, log10 1) s and λ · ceil(log10 2) = 4
        assertThat(membership.suspicionTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(membership.retransmitLimit()).isEqualTo(4);
        for (int i = 1; i < 9; i++) {
            membership.apply(member(i, MemberStatus.ALIVE, 0));
        }
        assertThat(membership.retransmitLimit()).as("N = 9: ceil(log10 10) = 1").isEqualTo(4);
        membership.apply(member(9, MemberStatus.ALIVE, 0));
        assertThat(membership.retransmitLimit()).as("N = 10: ceil(log10 11) = 2").isEqualTo(8);
        for (int i = 10; i < 100; i++) {
            membership.apply(member(i, MemberStatus.ALIVE, 0));
        }
        assertThat(membership.suspicionTimeout()).as("N = 100: 4 · 2 · 1 s").isEqualTo(Duration.ofSeconds(8));
        membership.apply(member(100, MemberStatus.DEAD, 0));
        assertThat(membership.suspicionTimeout()).as("the dead do not count").isEqualTo(Duration.ofSeconds(8));
    }

    /** Issue 14: a seed name that resolves to this node too (a headless Service) is not a peer that answered. */
    @Test
    void aSeedThatIsThisNodeUnderAnotherAddressDoesNotMakeItJoinedUnlessItIsTheOnlyOne() {
        Function<GossipMessage, CompletableFuture<GossipMessage>> asSelf = request -> CompletableFuture.completedFuture(
                new PushPull(self, false, kit.clock().wallMillis(), List.of(self)));
        peer(8, asSelf); // this node, reached under another name
        peer(1, MembershipTest::silence); // a real seed, not up yet
        CompletableFuture<Integer> first = membership.join(List.of(member(8, MemberStatus.ALIVE, 0).address(),
                member(1, MemberStatus.ALIVE, 0).address()));
        net.runUntil(first::isDone, Duration.ofMillis(10), Duration.ofSeconds(10));
        assertThat(membership.joined()).as("only this node answered; the other seed did not").isFalse();

        CompletableFuture<Integer> alone = membership.join(List.of(member(8, MemberStatus.ALIVE, 0).address()));
        net.runUntil(alone::isDone, Duration.ofMillis(10), Duration.ofSeconds(10));
        assertThat(membership.joined()).as("every seed answered and each was this node: the first member").isTrue();
    }

    @Test
    void aSeedThatAnswersMakesTheNodeJoined() {
        peer(1, request -> CompletableFuture.completedFuture(
                new PushPull(member(1, MemberStatus.ALIVE, 0), false, kit.clock().wallMillis(), List.of())));
        assertThat(membership.joined()).isFalse();
        CompletableFuture<Integer> done = membership.join(List.of(member(1, MemberStatus.ALIVE, 0).address()));
        net.runUntil(done::isDone, Duration.ofMillis(10), Duration.ofSeconds(10));
        assertThat(done.join()).isEqualTo(1);
        assertThat(membership.joined()).isTrue();
    }
}
