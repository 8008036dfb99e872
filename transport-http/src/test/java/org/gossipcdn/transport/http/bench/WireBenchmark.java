package org.gossipcdn.transport.http.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.message.GossipMessage;
import org.gossipcdn.core.message.Records;
import org.gossipcdn.core.message.Rumor;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.gossipcdn.transport.http.ClusterAuth;
import org.gossipcdn.transport.http.GossipJson;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The wire's hot code: JSON encode/decode of a one-record rumor and of a 100-state records reply,
 * and the HMAC check of a 1 KiB request; baselines are Jackson on a small map and a plain SHA-256
 * of the same body. Run: {@code scripts/bench jmh WireBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WireBenchmark {

    private final GossipJson json = new GossipJson();
    private final ClusterAuth auth = new ClusterAuth("bench", Optional.of("a cluster key of enough length"), Duration.ofSeconds(60));
    private Rumor rumor;
    private byte[] rumorBytes;
    private Records records;
    private byte[] recordsBytes;
    private byte[] body;
    private ClusterAuth.Signature sig;
    private long now;
    private final Map<String, Object> small = Map.of("key", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "size", 1024);

    @Setup
    public void setUp() {
        Random r = new Random(1);
        List<KeyState> states = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            states.add(KeyState.of(record(r)));
        }
        rumor = new Rumor(new Address("10.0.0.1", 7001), List.of(record(r)), List.of());
        rumorBytes = json.encode(rumor);
        records = new Records(true, states);
        recordsBytes = json.encode(records);
        body = new byte[1024];
        r.nextBytes(body);
        sig = auth.sign("POST", "/gossip/v1/rumor", body);
        now = sig.timestampMillis();
    }

    private static BlobRecord record(Random r) {
        return new BlobRecord(new UUID(r.nextLong(), r.nextLong()), new Version(new Hlc(1_700_000_000_000L, 1),
                new NodeId(r.nextLong(), r.nextLong())), false, Sha256.of(new byte[] {(byte) r.nextInt()}), 1024,
                "application/octet-stream", CausalContext.of(Map.of(new NodeId(1, 2), new Hlc(1_699_999_999_000L, 0))));
    }

    @Benchmark
    public byte[] encodeRumor() {
        return json.encode(rumor);
    }

    @Benchmark
    public GossipMessage decodeRumor() {
        return json.decode(Rumor.TYPE, rumorBytes);
    }

    @Benchmark
    public byte[] encodeRecords100() {
        return json.encode(records);
    }

    @Benchmark
    public GossipMessage decodeRecords100() {
        return json.decode(Records.TYPE, recordsBytes);
    }

    @Benchmark
    public byte[] baselineJacksonSmallMap() throws Exception {
        return json.mapper().writeValueAsBytes(small);
    }

    @Benchmark
    public ClusterAuth.Verdict hmacVerify1KiB() {
        // the HMAC is checked in full each time; after the first call the replay guard answers "replayed"
        java.util.Map<String, String> headers = sig.headers();
        return auth.verify("POST", "/gossip/v1/rumor", headers::get, body, now);
    }

    @Benchmark
    public byte[] baselineSha256Of1KiB() {
        return Sha256.newDigest().digest(body);
    }
}
