package org.gossipcdn.core.antientropy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.gossipcdn.core.AntiEntropyConfig;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.replica.Replica;
import org.gossipcdn.core.replica.ReplicaConfig;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.time.Clock;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.time.HlcClock;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/** The tree's shape, and every inner node against the XOR of the leaves below it computed by brute force. */
class DigestTreeTest {

    private static final Clock FIXED = new Clock() {
        @Override
        public long wallMillis() {
            return 1_000_000;
        }

        @Override
        public long monotonicNanos() {
            return 0;
        }
    };

    @Test
    void everyInnerNodeIsTheXorOfTheLeavesBelowIt() {
        InMemoryStore store = new InMemoryStore();
        Replica replica = new Replica(new NodeId(0, 99), store, new HlcClock(FIXED, Duration.ofMinutes(1)),
                ReplicaConfig.defaults(), Listener.NONE);
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 300; i++) {
            UUID key = new UUID(random.nextLong(), random.nextLong());
            replica.merge(new BlobRecord(key, new Version(new Hlc(900_000 + i, 0), new NodeId(0, 1)), false,
                    Sha256.EMPTY, 0, "text/plain", CausalContext.EMPTY));
        }
        for (DigestTree tree : new DigestTree[] {replica.tree(), new DigestTree(store)}) {
            for (int level = 0; level < DigestTree.LEAF_LEVEL; level++) {
                long[][] expected = new long[DigestTree.width(level)][2];
                int shift = 4 * (DigestTree.LEAF_LEVEL - level);
                for (int leaf = 0; leaf < DigestTree.LEAVES; leaf++) {
                    Digest d = store.leafDigest(leaf);
                    expected[leaf >> shift][0] ^= d.high();
                    expected[leaf >> shift][1] ^= d.low();
                }
                for (int i = 0; i < expected.length; i++) {
                    assertThat(tree.node(level, i)).as("level %d node %d", level, i)
                            .isEqualTo(new Digest(expected[i][0], expected[i][1]));
                }
            }
            assertThat(tree.node(DigestTree.LEAF_LEVEL, 7)).isEqualTo(store.leafDigest(7));
        }
        assertThat(replica.tree().root().high()).isNotZero();
        assertThat(replica.tree().root().low()).isNotZero();
    }

    @Test
    void theShapeIs16AryWithFourLevelsBelowTheRoot() {
        assertThat(DigestTree.width(0)).isEqualTo(1);
        assertThat(DigestTree.width(1)).isEqualTo(16);
        assertThat(DigestTree.width(DigestTree.LEAF_LEVEL)).isEqualTo(DigestTree.LEAVES).isEqualTo(65_536);
        assertThatThrownBy(() -> DigestTree.width(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DigestTree.width(5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(DigestTree.children(0, 0)).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 16).boxed().toList());
        assertThat(DigestTree.children(3, 4_095)).containsExactlyElementsOf(
                java.util.stream.IntStream.range(65_520, 65_536).boxed().toList());
        assertThatThrownBy(() -> DigestTree.children(DigestTree.LEAF_LEVEL, 0)).hasMessageContaining("no children");
        DigestTree empty = new DigestTree(new InMemoryStore());
        assertThat(empty.root()).isEqualTo(Digest.ZERO);
        assertThat(empty.node(3, 4_095)).isEqualTo(Digest.ZERO);
        assertThatThrownBy(() -> empty.node(3, 4_096)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..4095");
        assertThatThrownBy(() -> empty.node(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> empty.node(DigestTree.LEAF_LEVEL, DigestTree.LEAVES)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Clients pick UUIDs however they like (sequential, random, time-based): leaves must still spread. */
    @Test
    void keysSpreadOverTheLeavesWhateverBitsVary() {
        for (int pattern = 0; pattern < 3; pattern++) {
            Set<Integer> leaves = new HashSet<>();
            for (int i = 0; i < 4_096; i++) {
                UUID key = switch (pattern) {
                    case 0 -> new UUID(0, i);                 // only the low bits vary
                    case 1 -> new UUID(i, 0);                 // only the high bits vary
                    default -> new UUID((long) i << 48, (long) i << 52);  // only the top bits vary
                };
                int leaf = DigestTree.leafOf(key);
                assertThat(leaf).isBetween(0, DigestTree.LEAVES - 1);
                leaves.add(leaf);
            }
            // 4096 random throws into 65536 bins fill about 3970; a weak mix fills far fewer
            assertThat(leaves.size()).as("pattern %d", pattern).isGreaterThan(3_800);
        }
    }

    @Test
    void digestsCombineByXorAndPrintAs32HexDigits() {
        Digest a = new Digest(0x0123456789abcdefL, -2L);
        Digest b = new Digest(-1L, 0x00ff00ff00ff00ffL);
        assertThat(a.xor(b)).isEqualTo(new Digest(0x0123456789abcdefL ^ -1L, -2L ^ 0x00ff00ff00ff00ffL));
        assertThat(a.xor(b).xor(b)).isEqualTo(a);
        assertThat(a.xor(a).isZero()).isTrue();
        assertThat(a.xor(Digest.ZERO)).isEqualTo(a);
        assertThat(new Digest(0, 1).isZero()).isFalse();
        assertThat(new Digest(1, 0).isZero()).isFalse();
        assertThat(a).hasToString("0123456789abcdeffffffffffffffffe");
        assertThat(Digest.parse(a.toString())).isEqualTo(a);
        assertThat(Digest.parse(b.toString())).isEqualTo(b);
        assertThatThrownBy(() -> Digest.parse("0123")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 hex");
    }

    @Test
    void antiEntropySettingsAreChecked() {
        AntiEntropyConfig d = AntiEntropyConfig.defaults();
        assertThat(d.withInterval(Duration.ofMillis(200)).interval()).isEqualTo(Duration.ofMillis(200));
        assertThat(new AntiEntropyConfig(Duration.ofNanos(1), 1, Duration.ofNanos(1), Duration.ofNanos(1)).maxLeavesPerQuery())
                .isEqualTo(1);
        assertThatThrownBy(() -> new AntiEntropyConfig(Duration.ZERO, 1, d.callTimeout(), d.staleSyncTimeout()))
                .hasMessageContaining("interval must be > 0");
        assertThatThrownBy(() -> new AntiEntropyConfig(d.interval(), 0, d.callTimeout(), d.staleSyncTimeout()))
                .hasMessageContaining("maxLeavesPerQuery must be >= 1");
        assertThatThrownBy(() -> new AntiEntropyConfig(d.interval(), 1, Duration.ofSeconds(-1), d.staleSyncTimeout()))
                .hasMessageContaining("callTimeout must be > 0");
        assertThatThrownBy(() -> new AntiEntropyConfig(d.interval(), 1, d.callTimeout(), Duration.ZERO))
                .hasMessageContaining("staleSyncTimeout must be > 0");
        assertThatThrownBy(() -> new AntiEntropyConfig(null, 1, d.callTimeout(), d.staleSyncTimeout()))
                .isInstanceOf(NullPointerException.class);
    }
}
