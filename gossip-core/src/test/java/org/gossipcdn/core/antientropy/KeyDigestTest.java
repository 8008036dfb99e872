package org.gossipcdn.core.antientropy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.sim.InMemoryStore;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.Test;

/**
 * Proposal 0002's key digest: two states that differ in any field of any head have different
 * digests (so anti-entropy cannot miss a difference), and a store written under another digest
 * rule has its leaves recomputed when the tree is built.
 */
class KeyDigestTest {

    private static final UUID KEY = new UUID(1, 2);
    private static final Version V = new Version(new Hlc(1_000, 1), new NodeId(3, 4));
    private static final CausalContext SEEN = CausalContext.of(Map.of(new NodeId(5, 6), new Hlc(900, 0)));

    private static BlobRecord r(UUID key, Version v, boolean tomb, Sha256 hash, long size, String type, CausalContext seen) {
        return new BlobRecord(key, v, tomb, hash, size, type, seen);
    }

    private static byte[] bytes(int length, int last) {
        byte[] b = new byte[length];
        b[length - 1] = (byte) last;
        return b;
    }

    @Test
    void statesThatDifferInAnyFieldHaveDifferentDigests() {
        Sha256 h = Sha256.of(new byte[] {1});
        BlobRecord base = r(KEY, V, false, h, 1, "text/plain", SEEN);
        OwnerSignature owner = OwnerSignature.of(bytes(44, 1), V, bytes(64, 1));
        List<KeyState> states = new ArrayList<>(List.of(
                KeyState.of(base),
                KeyState.of(r(new UUID(1, 3), V, false, h, 1, "text/plain", SEEN)),
                KeyState.of(r(new UUID(2, 2), V, false, h, 1, "text/plain", SEEN)),
                KeyState.of(r(KEY, new Version(new Hlc(1_000, 2), V.node()), false, h, 1, "text/plain", SEEN)),
                KeyState.of(r(KEY, new Version(V.hlc(), new NodeId(3, 5)), false, h, 1, "text/plain", SEEN)),
                KeyState.of(r(KEY, new Version(V.hlc(), new NodeId(4, 4)), false, h, 1, "text/plain", SEEN)),
                KeyState.of(r(KEY, V, true, Sha256.EMPTY, 0, "text/plain", SEEN)),
                KeyState.of(r(KEY, V, false, Sha256.EMPTY, 0, "text/plain", SEEN)),
                KeyState.of(r(KEY, V, false, Sha256.of(new byte[] {2}), 1, "text/plain", SEEN)),
                KeyState.of(r(KEY, V, false, h, 2, "text/plain", SEEN)),
                KeyState.of(r(KEY, V, false, h, 1, "text/html", SEEN)),
                KeyState.of(r(KEY, V, false, h, 1, "text/plainx", SEEN)),
                KeyState.of(r(KEY, V, false, h, 1, "text/plain", CausalContext.EMPTY)),
                KeyState.of(r(KEY, V, false, h, 1, "text/plain", CausalContext.of(Map.of(new NodeId(5, 7), new Hlc(900, 0))))),
                KeyState.of(r(KEY, V, false, h, 1, "text/plain", CausalContext.of(Map.of(new NodeId(6, 6), new Hlc(900, 0))))),
                KeyState.of(r(KEY, V, false, h, 1, "text/plain", CausalContext.of(Map.of(new NodeId(5, 6), new Hlc(900, 1))))),
                KeyState.of(r(KEY, V, false, h, 1, "text/plain", SEEN.with(new Version(new Hlc(1, 0), new NodeId(9, 9))))),
                KeyState.of(base.signed(owner)),
                KeyState.of(base.signed(OwnerSignature.of(bytes(44, 2), V, bytes(64, 1)))),
                KeyState.of(base.signed(OwnerSignature.of(bytes(44, 1), new Version(new Hlc(1_000, 0), V.node()), bytes(64, 1)))),
                KeyState.of(base.signed(OwnerSignature.of(bytes(44, 1), new Version(V.hlc(), new NodeId(3, 3)), bytes(64, 1)))),
                KeyState.of(base.signed(OwnerSignature.of(bytes(44, 1), new Version(V.hlc(), new NodeId(2, 4)), bytes(64, 1)))),
                KeyState.of(base.signed(OwnerSignature.of(bytes(44, 1), V, bytes(64, 2))))));
        BlobRecord older = r(KEY, new Version(new Hlc(500, 0), new NodeId(7, 7)), false, h, 1, "text/plain", CausalContext.EMPTY);
        states.add(KeyState.of(base).merge(older, 9));
        states.add(KeyState.of(older));
        HashSet<Digest> digests = new HashSet<>();
        for (KeyState s : states) {
            assertThat(Digest.of(s)).isEqualTo(Digest.of(new KeyState(s.key(), s.heads())));
            digests.add(Digest.of(s));
        }
        assertThat(digests).as("one digest per state").hasSize(states.size());
        assertThat(Digest.of(null)).isEqualTo(Digest.ZERO);
    }

    @Test
    void leavesWrittenUnderAnotherDigestRuleAreRecomputed() {
        InMemoryStore store = new InMemoryStore();
        KeyState s = KeyState.of(r(KEY, V, false, Sha256.EMPTY, 0, "text/plain", CausalContext.EMPTY));
        KeyState t = KeyState.of(r(new UUID(77, 78), V, false, Sha256.EMPTY, 0, "text/plain", CausalContext.EMPTY));
        Digest stale = new Digest(1, 2);
        store.put(s, DigestTree.leafOf(s.key()), stale); // an older build's digest, no format recorded
        store.put(t, DigestTree.leafOf(t.key()), stale);
        DigestTree tree = new DigestTree(store);
        assertThat(store.leafDigest(DigestTree.leafOf(s.key()))).isEqualTo(Digest.of(s));
        assertThat(store.leafDigest(DigestTree.leafOf(t.key()))).isEqualTo(Digest.of(t));
        assertThat(tree.root()).isEqualTo(Digest.of(s).xor(Digest.of(t)));
        assertThat(store.meta(DigestTree.META_DIGEST_FORMAT)).isPresent();

        store.put(s, DigestTree.leafOf(s.key()), stale); // the format is recorded now: leaves are trusted as stored
        assertThat(new DigestTree(store).node(DigestTree.LEAF_LEVEL, DigestTree.leafOf(s.key()))).isEqualTo(stale);
        assertThat(new DigestTree(store).root()).isEqualTo(stale.xor(Digest.of(t)));
    }
}
