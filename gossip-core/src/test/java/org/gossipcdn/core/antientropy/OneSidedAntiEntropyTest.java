package org.gossipcdn.core.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.gossipcdn.core.AntiEntropyConfig;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.replica.ReplicaConfig;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.sim.SimHostKit;
import org.gossipcdn.core.sim.SimNetwork;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.time.Clock;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/**
 * One anti-entropy session does both halves of push-pull: node A runs anti-entropy, node B never
 * starts a session of its own, and no rumor carries anything (the records were in the stores
 * before the nodes started). A must pull what only B holds, push what only A holds, and settle a
 * key both hold differently, so each half is checked on its own.
 */
class OneSidedAntiEntropyTest {

    private static final Clock EPOCH = new Clock() {
        @Override
        public long wallMillis() {
            return SimNetwork.EPOCH_MILLIS;
        }

        @Override
        public long monotonicNanos() {
            return 0;
        }
    };

    private static BlobRecord record(UUID key, long ageMillis, NodeId writer, int content) {
        // size 0: nothing to fetch, so only the records travel
        return new BlobRecord(key, new Version(new Hlc(SimNetwork.EPOCH_MILLIS - ageMillis, 0), writer), false,
                Sha256.of(new byte[] {(byte) content}), 0, "text/plain", CausalContext.EMPTY);
    }

    private static void fill(InMemoryStore store, NodeId self, List<BlobRecord> records) {
        Replica r = new Replica(self, store, new HlcClock(EPOCH, Duration.ofMinutes(1)), ReplicaConfig.defaults(), Listener.NONE);
        records.forEach(r::merge);
    }

    @Test
    void theInitiatorPullsWhatItLacksAndPushesWhatThePeerLacks() {
        SimNetwork net = new SimNetwork(31);
        Address a = new Address("a", 7000);
        Address b = new Address("b", 7000);
        NodeId aId = new NodeId(1, 1);
        NodeId bId = new NodeId(2, 2);
        InMemoryStore aStore = new InMemoryStore();
        InMemoryStore bStore = new InMemoryStore();
        List<BlobRecord> onlyA = new ArrayList<>();
        List<BlobRecord> onlyB = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            onlyA.add(record(new UUID(1, i), 5_000, aId, i));
            onlyB.add(record(new UUID(2, i), 5_000, bId, i));
        }
        UUID shared = new UUID(3, 0);
        BlobRecord sharedA = record(shared, 4_000, aId, 1);
        BlobRecord sharedB = record(shared, 3_000, bId, 2);
        List<BlobRecord> aRecords = new ArrayList<>(onlyA);
        aRecords.add(sharedA);
        List<BlobRecord> bRecords = new ArrayList<>(onlyB);
        bRecords.add(sharedB);
        fill(aStore, aId, aRecords);
        fill(bStore, bId, bRecords);

        GossipConfig d = GossipConfig.defaults();
        GossipConfig active = d.withAntiEntropy(new AntiEntropyConfig(Duration.ofSeconds(1), 3, Duration.ofSeconds(2),
                Duration.ofMinutes(1)));
        GossipConfig passive = d.withAntiEntropy(new AntiEntropyConfig(Duration.ofDays(365), 3, Duration.ofSeconds(2),
                Duration.ofMinutes(1)));
        SimHostKit ak = net.host(a);
        SimHostKit bk = net.host(b);
        GossipNode nodeA = new GossipNode(active, aId, a, Role.DATA, ak.clock(), ak.scheduler(), net.splitRandom(),
                ak.transport(), aStore, Listener.NONE);
        GossipNode nodeB = new GossipNode(passive, bId, b, Role.DATA, bk.clock(), bk.scheduler(), net.splitRandom(),
                bk.transport(), bStore, Listener.NONE);
        List<Member> both = List.of(new Member(aId, a, Role.DATA, MemberStatus.ALIVE, 0),
                new Member(bId, b, Role.DATA, MemberStatus.ALIVE, 0));
        nodeA.start(List.of());
        nodeB.start(List.of());
        nodeA.learn(both);
        nodeB.learn(both);

        boolean done = net.runUntil(() -> onlyB.stream().allMatch(r -> aStore.get(r.key()).isPresent())
                && onlyA.stream().allMatch(r -> bStore.get(r.key()).isPresent())
                && aStore.get(shared).equals(bStore.get(shared)), Duration.ofMillis(100), Duration.ofSeconds(60));
        assertThat(done).as("A pulled B's %d keys and pushed its own %d", onlyB.size(), onlyA.size()).isTrue();
        KeyState settled = aStore.get(shared).orElseThrow();
        assertThat(settled.heads()).as("both concurrent writes kept, the later one wins").containsExactly(sharedB, sharedA);
        assertThat(new DigestTree(aStore).root()).isEqualTo(new DigestTree(bStore).root());
    }
}
