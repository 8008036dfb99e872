package org.gossipcdn.core.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.antientropy.DigestTree;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.time.SystemClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot pure code of gossip-core: version merge (by number of concurrent heads), HLC tick and
 * the digest of one record with its O(1) tree update. Each has a baseline in the same run.
 * Run: {@code scripts/bench jmh CoreBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CoreBenchmark {

    @Param({"1", "4", "9"})
    public int heads;

    private KeyState state;
    private BlobRecord incoming;
    private BlobRecord record;
    private HlcClock hlc;
    private SystemClock clock;
    private DigestTree tree;
    private byte[] raw;

    @Setup
    public void setUp() {
        Random r = new Random(1);
        UUID key = new UUID(1, 2);
        List<BlobRecord> rs = new ArrayList<>();
        for (int i = 0; i < heads; i++) {
            rs.add(new BlobRecord(key, new Version(new Hlc(1_000 + i, 0), new NodeId(0, i)), false,
                    Sha256.of(new byte[] {(byte) i}), 1, "text/plain", CausalContext.EMPTY));
        }
        rs.sort(BlobRecord.ORDER.reversed());
        state = new KeyState(key, rs);
        incoming = new BlobRecord(key, new Version(new Hlc(5_000, 0), new NodeId(0, 99)), false, Sha256.of(new byte[] {9}), 1,
                "text/plain", state.contextForNextWrite());
        record = rs.get(0);
        clock = new SystemClock();
        hlc = new HlcClock(clock, Duration.ofMinutes(1));
        tree = new DigestTree(new InMemoryStore());
        raw = new byte[73];
        r.nextBytes(raw);
    }

    @Benchmark
    public KeyState merge() {
        return state.merge(incoming, 9);
    }

    @Benchmark
    public int baselineCompareRecords() {
        return BlobRecord.ORDER.compare(record, incoming);
    }

    @Benchmark
    public Hlc hlcTick() {
        return hlc.tick();
    }

    @Benchmark
    public long baselineWallClock() {
        return clock.wallMillis();
    }

    @Benchmark
    public Digest digestUpdate() {
        tree.put(state, state);
        return tree.root();
    }

    @Benchmark
    public byte[] baselineSha256Of73Bytes() {
        return Sha256.newDigest().digest(raw);
    }
}
