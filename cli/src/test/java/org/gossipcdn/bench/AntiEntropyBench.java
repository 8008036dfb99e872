package org.gossipcdn.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.Undertow;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.gossipcdn.core.GossipConfig;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.LoopScheduler;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Role;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Ping;
import org.gossipcdn.core.message.PingReq;
import org.gossipcdn.core.message.PushPull;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.spi.MessageHandler;
import org.gossipcdn.core.spi.Transport;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.time.SystemClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.GossipJson;
import org.gossipcdn.transport.http.HttpTransport;

/**
 * Anti-entropy cost: two nodes over real HTTP on loopback, holding R records (default 1,000,000)
 * that differ in D (default 100; half only on each side). Counts the JSON bytes of every
 * anti-entropy message both ways until the digest roots match, and the time from the first digest
 * query; compares with the bytes of sending every record's (key, digest). Membership messages are
 * not counted. Run by {@code scripts/bench anti-entropy [--records R] [--diff D]}.
 */
public final class AntiEntropyBench {

    /** A transport that counts the JSON bytes of anti-entropy traffic it carries. */
    static final class Counting implements Transport {
        final HttpTransport inner;
        final GossipJson json;
        final AtomicLong bytes;
        final AtomicLong firstQueryNanos;

        Counting(HttpTransport inner, GossipJson json, AtomicLong bytes, AtomicLong firstQueryNanos) {
            this.inner = inner;
            this.json = json;
            this.bytes = bytes;
            this.firstQueryNanos = firstQueryNanos;
        }

        private static boolean membership(GossipMessage m) {
            return m instanceof Ping || m instanceof PingReq || m instanceof PushPull;
        }

        @Override
        public CompletableFuture<GossipMessage> request(Address to, GossipMessage message) {
            if (membership(message)) {
                return inner.request(to, message);
            }
            firstQueryNanos.compareAndSet(0, System.nanoTime());
            bytes.addAndGet(json.encode(message).length);
            return inner.request(to, message).whenComplete((r, e) -> {
                if (r != null) {
                    bytes.addAndGet(json.encode(r).length);
                }
            });
        }

        @Override
        public CompletableFuture<InputStream> fetchContent(Address from, Sha256 hash) {
            return inner.fetchContent(from, hash);
        }

        @Override
        public void bind(MessageHandler handler) {
            inner.bind(handler);
        }
    }

    public static void main(String[] args) throws Exception {
        Logger.getLogger("").setLevel(Level.WARNING);
        Map<String, String> a = Args.parse(args);
        int records = Integer.parseInt(a.getOrDefault("records", "1000000"));
        int diff = Integer.parseInt(a.getOrDefault("diff", "100"));
        GossipJson json = new GossipJson();
        InMemoryStore left = new InMemoryStore();
        InMemoryStore right = new InMemoryStore();
        long t0 = System.nanoTime();
        List<BlobRecord> common = records(records, 1, new NodeId(0, 1));
        load(left, common);
        load(right, common);
        load(left, records(diff / 2, 2, new NodeId(0, 2)));
        load(right, records(diff - diff / 2, 3, new NodeId(0, 3)));
        System.err.printf("loaded %d records per side (+%d differing) in %.1f s%n", records, diff, (System.nanoTime() - t0) / 1e9);
        long fullBytes = fullExchangeBytes(json, common);

        AtomicLong bytes = new AtomicLong();
        AtomicLong first = new AtomicLong();
        GossipConfig config = GossipConfig.defaults().withAntiEntropy(GossipConfig.defaults().antiEntropy().withInterval(Duration.ofMillis(100)));
        List<AutoCloseable> closing = new ArrayList<>();
        try {
            int portL = freePort();
            int portR = freePort();
            GossipNode l = node(config, left, portL, json, bytes, first, closing);
            GossipNode r = node(config, right, portR, json, bytes, first, closing);
            l.start(List.of(new Address("127.0.0.1", portR)));
            r.start(List.of(new Address("127.0.0.1", portL)));
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!l.status().get().digestRoot().equals(r.status().get().digestRoot())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not reconcile within 120 s");
                }
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - first.get()) / 1e9;
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("records", records);
            out.put("differing", diff);
            out.put("bytes", bytes.get());
            out.put("full_bytes", fullBytes);
            out.put("ratio", (double) bytes.get() / fullBytes);
            out.put("seconds", seconds);
            System.out.println(new ObjectMapper().writeValueAsString(out));
        } finally {
            for (AutoCloseable c : closing.reversed()) {
                c.close();
            }
        }
    }

    private static GossipNode node(GossipConfig config, InMemoryStore store, int port, GossipJson json, AtomicLong bytes,
                                   AtomicLong first, List<AutoCloseable> closing) {
        HttpTransport http = new HttpTransport(new ClusterAuth("bench", Optional.empty(), Duration.ofSeconds(60)), json,
                new HttpTransport.Config(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30), 256L << 20));
        LoopScheduler loop = new LoopScheduler("bench-" + port);
        NodeId id = GossipNode.loadOrCreateId(store, new SplittableRandom(port));
        GossipNode node = new GossipNode(config, id, new Address("127.0.0.1", port), Role.DATA, new SystemClock(), loop,
                new SplittableRandom(port), new Counting(http, json, bytes, first), store, Listener.NONE);
        Undertow server = Undertow.builder().addHttpListener(port, "127.0.0.1").setHandler(http.endpoints()).build();
        server.start();
        closing.add(http);
        closing.add(loop);
        closing.add(server::stop);
        return node;
    }

    static List<BlobRecord> records(int count, long seed, NodeId writer) {
        Random random = new Random(seed);
        List<BlobRecord> out = new ArrayList<>(count);
        long wall = System.currentTimeMillis() - 60_000;
        for (int i = 0; i < count; i++) {
            out.add(new BlobRecord(new UUID(random.nextLong(), random.nextLong()), new Version(new Hlc(wall, i & 0xFFFF), writer),
                    false, Sha256.EMPTY, 0, "application/octet-stream", CausalContext.EMPTY));
        }
        return out;
    }

    static void load(InMemoryStore store, List<BlobRecord> records) {
        Replica replica = new Replica(new NodeId(9, 9), store, new HlcClock(new SystemClock(), Duration.ofMinutes(1)),
                GossipConfig.defaults().replica(), Listener.NONE);
        for (BlobRecord r : records) {
            replica.merge(r);
        }
    }

    /** The JSON bytes of sending every record's key and digest: the naive full exchange. */
    static long fullExchangeBytes(GossipJson json, List<BlobRecord> records) throws Exception {
        AtomicLong count = new AtomicLong();
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count.addAndGet(len);
            }
        };
        try (JsonGenerator g = json.mapper().getFactory().createGenerator(counter)) {
            g.writeStartArray();
            for (BlobRecord r : records) {
                g.writeStartObject();
                g.writeStringField("key", r.key().toString());
                g.writeStringField("digest", Digest.of(KeyState.of(r)).toString());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return count.get();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
