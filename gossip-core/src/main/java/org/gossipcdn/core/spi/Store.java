package org.gossipcdn.core.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;

/**
 * Where a node keeps its replica: key states, content by hash, digest-tree leaves and a little
 * node metadata. Implementations: {@code InMemoryStore} (core, for the simulator and embedders'
 * tests) and {@code RocksDbStore} (storage module). {@code StoreContract} is the suite both pass.
 *
 * <p>Threading: every method may be called from any thread, concurrently; implementations are
 * thread-safe. Record and digest methods are called from the node's loop and must be quick;
 * content methods block on I/O and are called from transport or API threads.
 *
 * <p>Failure: I/O problems surface as unchecked exceptions naming the operation (the storage
 * module's {@code StoreException}); a failed write leaves the previous state intact.
 */
public interface Store extends AutoCloseable {

    /** How many digest leaves the key space is cut into: records are stored and listed by leaf. */
    int LEAVES = 1 << 16;

    /** The leaf a key belongs to: the top 16 bits of a 64-bit mix of its bits, so leaves stay even whatever UUIDs clients pick. */
    static int leafOf(UUID key) {
        long z = key.getMostSignificantBits() * 0x9E3779B97F4A7C15L ^ key.getLeastSignificantBits();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (z >>> 48);
    }

    /** The state of {@code key}, if the replica holds it. */
    Optional<KeyState> get(UUID key);

    /**
     * Replaces the state of {@code state.key()} and sets digest leaf {@code leaf} to
     * {@code leafDigest}, atomically: a crash leaves both old or both new. Survives a crash of the
     * process when it returns; {@link #durable()} says when it survives a power loss.
     */
    void put(KeyState state, int leaf, Digest leafDigest);

    /** Removes {@code key} and sets its leaf's digest, atomically (tombstone purge). */
    void remove(UUID key, int leaf, Digest leafDigest);

    /** Every key state whose key falls in {@code leaf}, ordered by key. */
    List<KeyState> leafStates(int leaf);

    /**
     * The order of keys in a listing: their 16 bytes compared unsigned, which is also the order of
     * their canonical text form. ({@link UUID#compareTo} compares signed halves, so it differs.)
     */
    java.util.Comparator<UUID> KEY_ORDER = java.util.Comparator
            .<UUID>comparingLong(k -> k.getMostSignificantBits() ^ Long.MIN_VALUE)
            .thenComparingLong(k -> k.getLeastSignificantBits() ^ Long.MIN_VALUE);

    /**
     * Up to {@code limit} key states in {@link #KEY_ORDER}, starting after {@code after} (from the
     * first key when empty): keyset pagination for listings. A key stored for the whole of a paging
     * run is returned exactly once by it, whatever is written meanwhile. Blocks on I/O: called from
     * API threads, never from the node's loop. This default visits every leaf; stores override it
     * with an index.
     */
    default List<KeyState> statesAfter(java.util.Optional<UUID> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        java.util.TreeMap<UUID, KeyState> best = new java.util.TreeMap<>(KEY_ORDER);
        for (int leaf = 0; leaf < LEAVES; leaf++) {
            for (KeyState s : leafStates(leaf)) {
                if (after.isEmpty() || KEY_ORDER.compare(s.key(), after.get()) > 0) {
                    best.put(s.key(), s);
                    if (best.size() > limit) {
                        best.pollLastEntry();
                    }
                }
            }
        }
        return List.copyOf(best.values());
    }

    /** The stored digest of {@code leaf}; {@link Digest#ZERO} if it holds nothing. */
    Digest leafDigest(int leaf);

    /** Calls {@code action} for every leaf whose digest is not zero, in leaf order. */
    void forEachLeafDigest(BiConsumer<Integer, Digest> action);

    /** How many keys the replica holds (deleted keys not yet purged included). */
    long keyCount();

    /** True if the content with this hash is stored in full. {@link Sha256#EMPTY} is always present. */
    boolean hasContent(Sha256 hash);

    /**
     * Reads {@code in} to its end and stores it, addressed by the SHA-256 of its bytes.
     * Streams with bounded memory. The content becomes visible only once complete.
     *
     * @param maxBytes refuse (with {@link ContentTooLargeException}) content longer than this
     * @return the hash and size of what was stored
     */
    StoredContent putContent(InputStream in, long maxBytes) throws IOException;

    /** The size of the content with this hash, if it is stored in full. */
    Optional<Long> contentSize(Sha256 hash);

    /** Opens {@code length} bytes of the content from {@code offset}; the caller closes it. */
    Optional<InputStream> openContent(Sha256 hash, long offset, long length);

    /**
     * Deletes the content with this hash if it is stored (a cache copy evicted, a copy handed to
     * its holders, garbage). Records that reference it are untouched. {@link Sha256#EMPTY} stays.
     */
    void deleteContent(Sha256 hash);

    /**
     * Up to {@code limit} keys whose kept versions (winner or kept loser) reference the content
     * with this hash, in key order. The references are updated in the same batch as the states.
     */
    List<UUID> referrers(Sha256 hash, int limit);

    /**
     * Deletes stored content that no kept version has referenced for at least {@code delay}
     * (by this store's clock): content of an overwritten or deleted blob, and content of uploads
     * that never got a record (also those interrupted by a crash, found again after restart).
     * Content stored and referenced again within the delay is kept, and so is content stored again
     * (its delay starts over). Blocks on I/O for as long as there is garbage to delete: call it from
     * a background thread, never the node's loop; record writes may interleave with it.
     *
     * @return the bytes of content freed
     */
    long collectGarbage(java.time.Duration delay);

    /** How much content this store holds: pieces of content and their bytes. */
    ContentUsage contentUsage();

    /** Opens the whole content with this hash; the caller closes it. */
    default Optional<InputStream> openContent(Sha256 hash) {
        return openContent(hash, 0, Long.MAX_VALUE);
    }

    /**
     * Completes once every write that returned before this call is as durable as the store is
     * configured to make it (for RocksDB with power-loss fsync: the WAL is fsynced). One sync
     * serves every write made before it, so callers that acknowledge after this future get group
     * commit for free. Stores that are durable when a write returns complete at once.
     */
    default CompletableFuture<Void> durable() {
        return CompletableFuture.completedFuture(null);
    }

    /** A small value of node metadata (identity, incarnation, last sync time). */
    Optional<byte[]> meta(String name);

    /** Sets a value of node metadata, durably. */
    void putMeta(String name, byte[] value);

    @Override
    void close();

    /** Pieces of stored content and their total bytes. */
    record ContentUsage(long count, long bytes) {}

    /** The hash and size of content just stored. */
    record StoredContent(Sha256 hash, long size) {}

    /** Content longer than the limit given to {@link #putContent}; nothing of it stays stored. */
    final class ContentTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        public ContentTooLargeException(long maxBytes) {
            super("content is larger than the limit of " + maxBytes + " bytes");
        }
    }
}
