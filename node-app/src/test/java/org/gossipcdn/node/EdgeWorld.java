package org.gossipcdn.node;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.membership.MemberStatus;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.placement.Placement;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.spi.EdgeCache;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.spi.Transport;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;

/**
 * One node's serving side in memory, for the edge-cache tests: an {@link InMemoryStore}, members
 * ranked in a fixed order (this node first or not, as a test says), and a transport whose members
 * answer content fetches from their own content maps — counting every fetch, so single flight is
 * checked where the bytes would cross the network.
 */
final class EdgeWorld {

    final NodeId self = new NodeId(0, 1);
    final InMemoryStore store = new InMemoryStore();
    final NodeMetrics metrics = new NodeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    /** The ranked members for every key: index 0 has the best score. */
    final List<Member> ranking = new ArrayList<>();
    int replicas = 1;
    final CountingTransport transport = new CountingTransport();
    /** The cache whose copies the node's delete decision spares (set by tests that build one). */
    volatile EdgeCache edgeCache = EdgeCache.NONE;
    final PlacementView placement = new PlacementView(self, key -> CompletableFuture.completedFuture(ranked()), () -> replicas,
            hash -> CompletableFuture.completedFuture(deleteIfUnneeded(hash)));

    /** Makes {@code cache} the one whose copies the node's delete decision spares; returns it. */
    <T extends EdgeCache> T withCache(T cache) {
        edgeCache = cache;
        return cache;
    }

    /** The node's rule (core's ContentRelease), against this world's fixed ranking: kept if a held key names it or it is cached. */
    private boolean deleteIfUnneeded(Sha256 hash) {
        if (edgeCache.contains(hash)) {
            return false;
        }
        List<Placement.Holder> top = ranked().subList(0, Math.min(replicas, ranking.size()));
        boolean holder = top.stream().anyMatch(h -> h.member().id().equals(self));
        if (holder && !store.referrers(hash, Integer.MAX_VALUE).isEmpty()) {
            return false; // this node ranks among the first R for every key here
        }
        store.deleteContent(hash);
        return true;
    }

    static Member member(long n) {
        return new Member(new NodeId(0, n), new Address("127.0.0.1", 20_000 + (int) n), Role.DATA, MemberStatus.ALIVE, 1);
    }

    Member me() {
        return member(1);
    }

    private List<Placement.Holder> ranked() {
        List<Placement.Holder> out = new ArrayList<>();
        for (int i = 0; i < ranking.size(); i++) {
            out.add(new Placement.Holder(ranking.get(i), ranking.size() - i));
        }
        return out;
    }

    /** Commits a record of {@code key} naming {@code content} (as gossip would), without storing the content. */
    BlobRecord record(UUID key, byte[] content) {
        BlobRecord r = new BlobRecord(key, new Version(new Hlc(1_000, 0), self), false, Sha256.of(content), content.length,
                "application/octet-stream", CausalContext.EMPTY);
        KeyState state = KeyState.of(r);
        store.put(state, Store.leafOf(key), Digest.of(state));
        return r;
    }

    Sha256 storeContent(byte[] content) {
        try {
            return store.putContent(new ByteArrayInputStream(content), content.length).hash();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serves content fetches by member address; counts them; a gate may hold every answer back. */
    static final class CountingTransport implements Transport {
        final Map<Address, Map<Sha256, byte[]>> held = new ConcurrentHashMap<>();
        final List<Address> asked = new CopyOnWriteArrayList<>();
        final AtomicInteger fetches = new AtomicInteger();
        volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        void holds(Member m, Sha256 hash, byte[] bytes) {
            held.computeIfAbsent(m.address(), a -> new ConcurrentHashMap<>()).put(hash, bytes);
        }

        @Override
        public CompletableFuture<InputStream> fetchContent(Address from, Sha256 hash) {
            fetches.incrementAndGet();
            asked.add(from);
            byte[] bytes = held.getOrDefault(from, Map.of()).get(hash);
            return gate.thenCompose(x -> bytes == null
                    ? CompletableFuture.failedFuture(new IOException("connection refused by " + from))
                    : CompletableFuture.completedFuture(new ByteArrayInputStream(bytes)));
        }

        @Override
        public CompletableFuture<GossipMessage> request(Address to, GossipMessage message) {
            return CompletableFuture.failedFuture(new IOException("no gossip in this test"));
        }

        @Override
        public void bind(MessageHandler handler) {
        }
    }
}
