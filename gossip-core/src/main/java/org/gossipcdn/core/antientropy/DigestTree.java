package org.gossipcdn.core.antientropy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.KeyState;

/**
 * A fixed-shape Merkle-style tree over the key space: 16-ary, {@link #LEAF_LEVEL} levels below
 * the root, {@link #LEAVES} leaves. A key's leaf comes from a hash of the key, so keys spread
 * evenly whatever UUIDs clients pick. A leaf is the XOR of the digests of the records in it;
 * an inner node is the XOR of its children, which is the XOR of every leaf below it. So a write
 * changes one leaf and its {@value #LEAF_LEVEL} ancestors by one XOR each: O(1).
 *
 * <p>Leaves live in the {@link Store} (written in the same batch as the record); the inner
 * levels, 4,369 digests, are kept here and rebuilt from the leaves at start. Two replicas hold
 * the same records exactly when their roots are equal (up to a 2^-128 collision), and a
 * top-down comparison finds the differing leaves in cost proportional to the difference.
 * See proposals/0002-digest-tree.md.
 *
 * <p>Not thread-safe: owned by the node's loop.
 */
public final class DigestTree {

    public static final int FANOUT = 16;
    public static final int LEAF_LEVEL = 4;
    public static final int LEAVES = Store.LEAVES;

    private final Store store;
    /** inner[level] holds (high, low) pairs of the 16^level nodes of that level, level < LEAF_LEVEL. */
    private final long[][] inner = new long[LEAF_LEVEL][];

    /** Store metadata naming the key-digest rule the stored leaves were computed with. */
    static final String META_DIGEST_FORMAT = "digest-format";
    private static final byte[] DIGEST_FORMAT = {2};

    public DigestTree(Store store) {
        this.store = Objects.requireNonNull(store, "store");
        for (int level = 0; level < LEAF_LEVEL; level++) {
            inner[level] = new long[2 * width(level)];
        }
        if (!store.meta(META_DIGEST_FORMAT).map(f -> java.util.Arrays.equals(f, DIGEST_FORMAT)).orElse(false)) {
            recomputeLeaves();
            store.putMeta(META_DIGEST_FORMAT, DIGEST_FORMAT);
        }
        store.forEachLeafDigest(this::addToAncestors);
    }

    /** Rewrites every non-empty leaf with today's key digest (a store written by an older build). */
    private void recomputeLeaves() {
        List<Integer> leaves = new ArrayList<>();
        store.forEachLeafDigest((leaf, digest) -> leaves.add(leaf));
        for (int leaf : leaves) {
            List<KeyState> states = store.leafStates(leaf);
            Digest d = Digest.ZERO;
            for (KeyState s : states) {
                d = d.xor(Digest.of(s));
            }
            if (!states.isEmpty()) {
                store.put(states.get(states.size() - 1), leaf, d);
            }
        }
    }

    /**
     * Stores {@code after} (which replaces {@code before}, null for a new key) and folds the change
     * into its leaf and the leaf's ancestors, in the same store batch as the record.
     */
    public void put(KeyState before, KeyState after) {
        int leaf = leafOf(after.key());
        Digest delta = Digest.of(before).xor(Digest.of(after));
        store.put(after, leaf, store.leafDigest(leaf).xor(delta));
        addToAncestors(leaf, delta);
    }

    /** Removes {@code current}'s key from the store and its digest from the tree. */
    public void remove(KeyState current) {
        int leaf = leafOf(current.key());
        Digest delta = Digest.of(current);
        store.remove(current.key(), leaf, store.leafDigest(leaf).xor(delta));
        addToAncestors(leaf, delta);
    }

    /** The leaf a key belongs to; see {@link Store#leafOf}. */
    public static int leafOf(UUID key) {
        return Store.leafOf(key);
    }

    /** How many nodes a level has: 16^level. */
    public static int width(int level) {
        if (level < 0 || level > LEAF_LEVEL) {
            throw new IllegalArgumentException("level must be in 0.." + LEAF_LEVEL + ", was " + level);
        }
        return 1 << (4 * level);
    }

    /** The indexes of the children of node {@code index} at {@code level}, at level + 1. */
    public static List<Integer> children(int level, int index) {
        if (level >= LEAF_LEVEL) {
            throw new IllegalArgumentException("leaves have no children");
        }
        List<Integer> out = new ArrayList<>(FANOUT);
        for (int i = 0; i < FANOUT; i++) {
            out.add(index * FANOUT + i);
        }
        return out;
    }

    public Digest root() {
        return node(0, 0);
    }

    /** The digest of one node; leaves are read from the store. */
    public Digest node(int level, int index) {
        if (index < 0 || index >= width(level)) {
            throw new IllegalArgumentException("index must be in 0.." + (width(level) - 1) + ", was " + index);
        }
        if (level == LEAF_LEVEL) {
            return store.leafDigest(index);
        }
        return new Digest(inner[level][2 * index], inner[level][2 * index + 1]);
    }

    private void addToAncestors(int leaf, Digest delta) {
        int index = leaf;
        for (int level = LEAF_LEVEL - 1; level >= 0; level--) {
            index /= FANOUT;
            inner[level][2 * index] ^= delta.high();
            inner[level][2 * index + 1] ^= delta.low();
        }
    }
}
