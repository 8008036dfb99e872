package org.gossipcdn.core.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.replica.Precondition;
import org.gossipcdn.core.replica.WriteOutcome;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.Test;

/** A peer that serves bytes not matching the record's hash: the receiver never commits the record. */
class ContentMismatchSimTest {

    /** A store that answers content reads with corrupted bytes (a lying or broken peer). */
    private static final class CorruptingStore implements Store {
        private final InMemoryStore inner = new InMemoryStore();

        @Override public Optional<KeyState> get(UUID key) { return inner.get(key); }
        @Override public void put(KeyState s, int leaf, Digest d) { inner.put(s, leaf, d); }
        @Override public void remove(UUID key, int leaf, Digest d) { inner.remove(key, leaf, d); }
        @Override public List<KeyState> leafStates(int leaf) { return inner.leafStates(leaf); }
        @Override public Digest leafDigest(int leaf) { return inner.leafDigest(leaf); }
        @Override public void forEachLeafDigest(BiConsumer<Integer, Digest> a) { inner.forEachLeafDigest(a); }
        @Override public long keyCount() { return inner.keyCount(); }
        @Override public boolean hasContent(Sha256 h) { return inner.hasContent(h); }
        @Override public Optional<Long> contentSize(Sha256 h) { return inner.contentSize(h); }
        @Override public StoredContent putContent(InputStream in, long max) throws IOException { return inner.putContent(in, max); }
        @Override public Optional<byte[]> meta(String n) { return inner.meta(n); }
        @Override public void putMeta(String n, byte[] v) { inner.putMeta(n, v); }
        @Override public void deleteContent(Sha256 h) { inner.deleteContent(h); }
        @Override public List<UUID> referrers(Sha256 h, int limit) { return inner.referrers(h, limit); }
        @Override public long collectGarbage(java.time.Duration delay) { return inner.collectGarbage(delay); }
        @Override public ContentUsage contentUsage() { return inner.contentUsage(); }
        @Override public void close() { }

        @Override
        public Optional<InputStream> openContent(Sha256 hash, long offset, long length) {
            return inner.openContent(hash, offset, length).map(in -> {
                try (in) {
                    byte[] b = in.readAllBytes();
                    b[0] ^= 1;
                    return new ByteArrayInputStream(b);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void contentThatDoesNotHashToItsRecordIsDiscardedAndTheRecordNotCommitted() throws IOException {
        SimNetwork net = new SimNetwork(21);
        Address a = new Address("liar", 1);
        Address b = new Address("honest", 1);
        CorruptingStore liarStore = new CorruptingStore();
        InMemoryStore honestStore = new InMemoryStore();
        AtomicInteger mismatches = new AtomicInteger();
        NodeId ida = GossipNode.loadOrCreateId(liarStore, net.splitRandom());
        NodeId idb = GossipNode.loadOrCreateId(honestStore, net.splitRandom());
        SimHostKit ka = net.host(a);
        SimHostKit kb = net.host(b);
        GossipNode liar = new GossipNode(GossipConfig.defaults(), ida, a, Role.DATA, ka.clock(), ka.scheduler(), net.splitRandom(),
                ka.transport(), liarStore, Listener.NONE);
        GossipNode honest = new GossipNode(GossipConfig.defaults(), idb, b, Role.DATA, kb.clock(), kb.scheduler(), net.splitRandom(),
                kb.transport(), honestStore, new Listener() {
                    @Override
                    public void onContentMismatch(BlobRecord record) {
                        mismatches.incrementAndGet();
                    }
                });
        liar.start(List.of());
        honest.start(List.of());
        liar.learn(List.of(new Member(idb, b, Role.DATA, MemberStatus.ALIVE, 0)));
        honest.learn(List.of(new Member(ida, a, Role.DATA, MemberStatus.ALIVE, 0)));
        net.runFor(Duration.ofSeconds(3));
        Store.StoredContent content = liarStore.putContent(new ByteArrayInputStream("the real bytes".getBytes()), 100);
        UUID key = new UUID(4, 2);
        var written = liar.write(key, content, "text/plain", Precondition.NONE);
        net.runUntil(written::isDone, Duration.ofMillis(1), Duration.ofSeconds(5));
        assertThat(written.join()).isInstanceOf(WriteOutcome.Written.class);
        net.runFor(Duration.ofSeconds(20));
        assertThat(mismatches.get()).as("the receiver noticed").isPositive();
        assertThat(honest.read(key)).as("the record is never committed without matching content").isEmpty();
        assertThat(honestStore.hasContent(content.hash())).isFalse();
    }
}
