package org.gossipcdn.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;
import org.junit.jupiter.api.Test;

/** The value types of the version package at their edges: contexts, records, hashes, versions. */
class ValuesTest {

    private static final UUID KEY = new UUID(1, 2);
    private static final NodeId A = new NodeId(0, 1);
    private static final NodeId B = new NodeId(0, 2);

    private static Version v(long wall, int counter, NodeId node) {
        return new Version(new Hlc(wall, counter), node);
    }

    private static BlobRecord record(long size, String type) {
        return new BlobRecord(KEY, v(1, 0, A), false, Sha256.of(new byte[] {1}), size, type, CausalContext.EMPTY);
    }

    // ---- CausalContext -------------------------------------------------------------------

    @Test
    void aContextCoversAVersionAtOrBelowItsEntryForThatWriter() {
        CausalContext ctx = CausalContext.of(Map.of(A, new Hlc(10, 5)));
        assertThat(ctx.covers(v(10, 5, A))).isTrue();
        assertThat(ctx.covers(v(10, 4, A))).isTrue();
        assertThat(ctx.covers(v(9, 65_535, A))).isTrue();
        assertThat(ctx.covers(v(10, 6, A))).isFalse();
        assertThat(ctx.covers(v(11, 0, A))).isFalse();
        assertThat(ctx.covers(v(1, 0, B))).as("no entry for B").isFalse();
        assertThat(CausalContext.EMPTY.covers(v(0, 0, A))).isFalse();
    }

    @Test
    void anEmptyMapIsTheEmptyContextAndContextsAreValues() {
        assertThat(CausalContext.of(Map.of())).isSameAs(CausalContext.EMPTY);
        CausalContext x = CausalContext.of(Map.of(A, new Hlc(1, 0), B, new Hlc(2, 0)));
        CausalContext y = CausalContext.EMPTY.with(v(2, 0, B)).with(v(1, 0, A));
        assertThat(x).isEqualTo(y).hasSameHashCodeAs(y).hasToString(y.toString());
        assertThat(x).isNotEqualTo(CausalContext.of(Map.of(A, new Hlc(1, 0))));
        assertThat(x).isNotEqualTo(CausalContext.of(Map.of(A, new Hlc(1, 0), B, new Hlc(2, 1))));
        assertThat(x).isNotEqualTo("not a context");
        assertThat(x.entries()).containsExactly(Map.entry(A, new Hlc(1, 0)), Map.entry(B, new Hlc(2, 0)));
    }

    @Test
    void withAndJoinAreThePointwiseMaximumOfAReferenceMap() {
        Random random = new Random(4);
        for (int round = 0; round < 300; round++) {
            Map<NodeId, long[]> left = new HashMap<>();
            Map<NodeId, long[]> right = new HashMap<>();
            CausalContext l = CausalContext.EMPTY;
            CausalContext r = CausalContext.EMPTY;
            for (int i = 0; i < random.nextInt(5); i++) {
                NodeId n = new NodeId(0, random.nextInt(4));
                long wall = random.nextInt(3);
                int counter = random.nextInt(3);
                l = l.with(new Version(new Hlc(wall, counter), n));
                left.merge(n, new long[] {wall, counter}, ValuesTest::max);
            }
            for (int i = 0; i < random.nextInt(5); i++) {
                NodeId n = new NodeId(0, random.nextInt(4));
                long wall = random.nextInt(3);
                int counter = random.nextInt(3);
                r = r.with(new Version(new Hlc(wall, counter), n));
                right.merge(n, new long[] {wall, counter}, ValuesTest::max);
            }
            assertThat(asMap(l)).isEqualTo(toPlain(left));
            Map<NodeId, long[]> joined = new HashMap<>(left);
            right.forEach((n, h) -> joined.merge(n, h, ValuesTest::max));
            assertThat(asMap(l.join(r))).isEqualTo(toPlain(joined));
            assertThat(l.join(r)).isEqualTo(r.join(l));
        }
    }

    private static long[] max(long[] x, long[] y) {
        return x[0] != y[0] ? (x[0] > y[0] ? x : y) : (x[1] >= y[1] ? x : y);
    }

    private static Map<NodeId, List<Long>> toPlain(Map<NodeId, long[]> m) {
        Map<NodeId, List<Long>> out = new TreeMap<>();
        m.forEach((n, h) -> out.put(n, List.of(h[0], h[1])));
        return out;
    }

    private static Map<NodeId, List<Long>> asMap(CausalContext c) {
        Map<NodeId, List<Long>> out = new TreeMap<>();
        c.entries().forEach((n, h) -> out.put(n, List.of(h.wallMillis(), (long) h.counter())));
        return out;
    }

    @Test
    void aCoveredVersionLeavesTheContextAsItIs() {
        CausalContext ctx = CausalContext.of(Map.of(A, new Hlc(10, 0)));
        assertThat(ctx.with(v(9, 0, A))).isSameAs(ctx);
        assertThat(ctx.join(CausalContext.EMPTY)).isSameAs(ctx);
        assertThat(CausalContext.EMPTY.join(ctx)).isSameAs(ctx);
    }

    // ---- BlobRecord -----------------------------------------------------------------------

    @Test
    void recordFieldsAreCheckedAtTheirBounds() {
        assertThat(record(0, "a").hasContent()).as("an empty blob has nothing to fetch").isFalse();
        assertThat(record(1, "a").hasContent()).isTrue();
        assertThat(BlobRecord.tombstone(KEY, v(1, 0, A), CausalContext.EMPTY).hasContent()).isFalse();
        assertThat(record(1, "x".repeat(255)).contentType()).hasSize(255);
        assertThatThrownBy(() -> record(1, "x".repeat(256))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contentType must be 1..255").hasMessageContaining("256");
        assertThatThrownBy(() -> record(1, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contentType");
        assertThatThrownBy(() -> record(-1, "a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobRecord(KEY, v(1, 0, A), true, Sha256.EMPTY, 1, "a", CausalContext.EMPTY))
                .hasMessageContaining("tombstone has no content");
        assertThatThrownBy(() -> new BlobRecord(KEY, v(1, 0, A), true, Sha256.of(new byte[] {1}), 0, "a", CausalContext.EMPTY))
                .hasMessageContaining("tombstone has no content");
        assertThat(new BlobRecord(KEY, v(1, 0, A), true, Sha256.EMPTY, 0, "a", CausalContext.EMPTY).tombstone()).isTrue();
        assertThat(record(1, "a").isSigned()).isFalse();
    }

    @Test
    void anyTwoDistinctRecordsAreOrderedAndEqualOnesAreNot() {
        BlobRecord base = record(1, "text/plain");
        List<BlobRecord> variants = new ArrayList<>(List.of(base,
                new BlobRecord(KEY, v(1, 0, A), false, Sha256.of(new byte[] {1}), 2, "text/plain", CausalContext.EMPTY),
                new BlobRecord(KEY, v(1, 0, A), false, Sha256.of(new byte[] {1}), 1, "text/html", CausalContext.EMPTY),
                new BlobRecord(KEY, v(1, 0, A), false, Sha256.of(new byte[] {1}), 1, "text/plain",
                        CausalContext.of(Map.of(B, new Hlc(0, 1)))),
                new BlobRecord(KEY, v(1, 0, A), false, Sha256.of(new byte[] {2}), 1, "text/plain", CausalContext.EMPTY),
                new BlobRecord(KEY, v(1, 1, A), false, Sha256.of(new byte[] {1}), 1, "text/plain", CausalContext.EMPTY)));
        for (BlobRecord x : variants) {
            for (BlobRecord y : variants) {
                int c = BlobRecord.ORDER.compare(x, y);
                assertThat(c == 0).as("%s vs %s", x, y).isEqualTo(x.equals(y));
                assertThat(Integer.signum(c)).isEqualTo(-Integer.signum(BlobRecord.ORDER.compare(y, x)));
            }
        }
        assertThat(BlobRecord.ORDER.compare(variants.get(5), base)).as("the version decides first").isPositive();
    }

    @Test
    void aRecordDominatesWhatItsWriterHadSeenButNeverItself() {
        BlobRecord first = new BlobRecord(KEY, v(1, 0, A), false, Sha256.EMPTY, 0, "a", CausalContext.EMPTY);
        BlobRecord later = new BlobRecord(KEY, v(2, 0, B), false, Sha256.EMPTY, 0, "a", CausalContext.of(Map.of(A, new Hlc(1, 0))));
        BlobRecord concurrent = new BlobRecord(KEY, v(2, 0, A), false, Sha256.EMPTY, 0, "a", CausalContext.EMPTY);
        assertThat(later.dominates(first)).isTrue();
        assertThat(first.dominates(later)).isFalse();
        assertThat(later.dominates(concurrent)).isFalse();
        BlobRecord selfSeeing = new BlobRecord(KEY, v(1, 0, A), false, Sha256.EMPTY, 0, "b", CausalContext.of(Map.of(A, new Hlc(1, 0))));
        assertThat(selfSeeing.dominates(first)).as("same version: not an overwrite").isFalse();
    }

    // ---- Sha256 and Version ---------------------------------------------------------------

    @Test
    void hashesParseOnly64HexDigitsAndOrderAsUnsignedBytes() {
        Sha256 h = Sha256.of(new byte[] {1, 2, 3});
        assertThat(Sha256.parse(h.toString().toUpperCase())).isEqualTo(h);
        assertThat(Sha256.fromBytes(h.toBytes())).isEqualTo(h);
        assertThat(h.toBytes()).hasSize(32);
        assertThat(Sha256.EMPTY).hasToString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThatThrownBy(() -> Sha256.parse("ab")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
        assertThatThrownBy(() -> Sha256.parse("g".repeat(64))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits");
        assertThatThrownBy(() -> Sha256.fromBytes(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        Random random = new Random(8);
        for (int i = 0; i < 2_000; i++) {
            Sha256 x = randomHash(random);
            Sha256 y = random.nextInt(4) == 0 ? x : randomHash(random);
            // the oracle: lexicographic order of the lower-case hex form is the unsigned byte order
            assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Integer.signum(x.toString().compareTo(y.toString())));
        }
    }

    /** Hashes that share a random prefix, so every one of the four words gets compared. */
    private static Sha256 randomHash(Random random) {
        long[] w = new long[4];
        for (int i = 0; i < 4; i++) {
            w[i] = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(2) == 0 ? -1L : 1L;
        }
        return new Sha256(w[0], w[1], w[2], w[3]);
    }

    @Test
    void versionsOrderByHlcThenWriterAndParseStrictly() {
        assertThat(v(1, 0, B)).isGreaterThan(v(1, 0, A));
        assertThat(v(1, 1, A)).isGreaterThan(v(1, 0, B));
        assertThat(new Version(new Hlc(1, 0), new NodeId(-1, 0))).as("writer ids order unsigned")
                .isGreaterThan(new Version(new Hlc(1, 0), new NodeId(1, 0)));
        assertThat(Version.parse("5.1@" + B)).isEqualTo(v(5, 1, B));
        assertThatThrownBy(() -> Version.parse("@" + B)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hlc@node");
        assertThatThrownBy(() -> Version.parse("5.1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hlc@node");
    }

    @Test
    void keyStatesRefuseMalformedHeads() {
        BlobRecord a = new BlobRecord(KEY, v(1, 0, A), false, Sha256.EMPTY, 0, "a", CausalContext.EMPTY);
        BlobRecord b = new BlobRecord(KEY, v(2, 0, B), false, Sha256.EMPTY, 0, "a", CausalContext.EMPTY);
        assertThat(new KeyState(KEY, List.of(b, a)).winner()).isEqualTo(b);
        assertThatThrownBy(() -> new KeyState(KEY, List.of(a, b))).hasMessageContaining("sorted greatest first");
        assertThatThrownBy(() -> new KeyState(KEY, List.of(a, a))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> new KeyState(new UUID(7, 7), List.of(a))).hasMessageContaining("in state of key");
        assertThatThrownBy(() -> KeyState.of(a).merge(a, 0)).hasMessageContaining("maxHeads must be >= 1");
        assertThatThrownBy(() -> KeyState.of(a).merge(new BlobRecord(new UUID(7, 7), v(3, 0, A), false, Sha256.EMPTY, 0, "a",
                CausalContext.EMPTY), 9)).hasMessageContaining("merged into key");
    }

    @Test
    void aKeyStateKnowsItsHeadsAndWhatTheyOverwrote() {
        BlobRecord first = new BlobRecord(KEY, v(1, 0, A), false, Sha256.EMPTY, 0, "a", CausalContext.EMPTY);
        BlobRecord second = new BlobRecord(KEY, v(2, 0, B), false, Sha256.EMPTY, 0, "a", CausalContext.of(Map.of(A, new Hlc(1, 0))));
        KeyState s = KeyState.of(second);
        assertThat(s.knows(v(2, 0, B))).isTrue();
        assertThat(s.knows(v(1, 0, A))).isTrue();
        assertThat(s.knows(v(1, 1, A))).isFalse();
        assertThat(s.knows(v(3, 0, B))).isFalse();
        assertThat(s.head(v(2, 0, B))).contains(second);
        assertThat(s.head(v(1, 0, A))).isEmpty();
        assertThat(KeyState.of(first).contextForNextWrite()).isEqualTo(CausalContext.of(Map.of(A, new Hlc(1, 0))));
        assertThat(s.contextForNextWrite()).isEqualTo(CausalContext.of(Map.of(A, new Hlc(1, 0), B, new Hlc(2, 0))));
        assertThat(s.claim()).isEmpty();
        assertThat(s.isDeleted()).isFalse();
    }

    @Test
    void losersExpireAtTheCutoffNotBefore() {
        BlobRecord loser = new BlobRecord(KEY, v(100, 0, A), false, Sha256.EMPTY, 0, "a", CausalContext.EMPTY);
        BlobRecord winner = new BlobRecord(KEY, v(300, 0, B), false, Sha256.EMPTY, 0, "a", CausalContext.EMPTY);
        KeyState s = KeyState.of(loser).merge(winner, 9);
        assertThat(s.withoutLosersBefore(100)).isSameAs(s);
        assertThat(s.withoutLosersBefore(101).heads()).containsExactly(winner);
    }
}
