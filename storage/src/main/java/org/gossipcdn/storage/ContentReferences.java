package org.gossipcdn.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * Which keys reference which content, and since when content is referenced by none:
 * {@code references} sha256‖key uuid → nothing (one entry per content a key's kept versions — winner
 * or kept losers — name), and {@code unreferenced} sha256 → store-clock millis (the mark the
 * garbage collector reads). Both are written into the caller's batch, so a key state and its
 * references change together. A reference is a set member, not a count: writing it twice, or
 * replaying a batch, changes nothing (proposals/0017-content-gc.md). Callers hold the store's
 * write lock.
 */
final class ContentReferences {

    private final Columns c;

    ContentReferences(Columns columns) {
        this.c = columns;
    }

    static byte[] referenceKey(Sha256 hash, UUID key) {
        return ByteBuffer.allocate(48).put(hash.toBytes()).putLong(key.getMostSignificantBits())
                .putLong(key.getLeastSignificantBits()).array();
    }

    /** The content hashes the kept versions of {@code state} name (none for null, tombstones and empty content). */
    static Set<Sha256> contentOf(KeyState state) {
        Set<Sha256> hashes = new LinkedHashSet<>();
        if (state != null) {
            for (BlobRecord r : state.heads()) {
                if (r.hasContent() && !r.contentHash().equals(Sha256.EMPTY)) {
                    hashes.add(r.contentHash());
                }
            }
        }
        return hashes;
    }

    /**
     * Adds to {@code batch} what changes when {@code key} goes from {@code before} to {@code after}
     * (either may be null): references added and dropped, a mark for content whose last reference
     * this drops, and no mark for content referenced now.
     */
    void update(WriteBatch batch, UUID key, KeyState before, KeyState after, long now) throws RocksDBException {
        Set<Sha256> old = contentOf(before);
        Set<Sha256> current = contentOf(after);
        for (Sha256 h : old) {
            if (!current.contains(h)) {
                batch.delete(c.references, referenceKey(h, key));
                if (!referencedByOtherThan(h, key)) {
                    mark(batch, h, now);
                }
            }
        }
        for (Sha256 h : current) {
            if (!old.contains(h)) {
                batch.put(c.references, referenceKey(h, key), new byte[0]);
                batch.delete(c.unreferenced, h.toBytes());
            }
        }
    }

    void mark(WriteBatch batch, Sha256 hash, long now) throws RocksDBException {
        batch.put(c.unreferenced, hash.toBytes(), ByteBuffer.allocate(8).putLong(now).array());
    }

    /** Since when (store millis) nothing references {@code hash}, or -1 if it carries no mark. */
    long markOf(Sha256 hash) throws RocksDBException {
        byte[] v = c.db.get(c.unreferenced, hash.toBytes());
        return v == null ? -1 : ByteBuffer.wrap(v).getLong();
    }

    boolean isReferenced(Sha256 hash) {
        return !referrers(hash, 1).isEmpty();
    }

    private boolean referencedByOtherThan(Sha256 hash, UUID key) {
        for (UUID k : referrers(hash, 2)) {
            if (!k.equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** Up to {@code limit} keys referencing {@code hash}, in key order: one prefix scan. */
    List<UUID> referrers(Sha256 hash, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        }
        byte[] prefix = hash.toBytes();
        List<UUID> out = new ArrayList<>();
        byte[] upper = referenceKey(hash, new UUID(-1L, -1L));
        upper = Arrays.copyOf(upper, upper.length + 1); // just past the greatest key of this prefix
        try (Slice bound = new Slice(upper); ReadOptions ro = new ReadOptions().setIterateUpperBound(bound);
             RocksIterator it = c.db.newIterator(c.references, ro)) {
            for (it.seek(prefix); it.isValid() && out.size() < limit; it.next()) {
                ByteBuffer k = ByteBuffer.wrap(it.key(), 32, 16);
                out.add(new UUID(k.getLong(), k.getLong()));
            }
        }
        return out;
    }

    /** Hashes carrying a mark, from {@code after} (exclusive; null: from the first), at most {@code limit}. */
    List<Sha256> marked(Sha256 after, int limit) {
        List<Sha256> out = new ArrayList<>();
        try (RocksIterator it = c.db.newIterator(c.unreferenced)) {
            if (after == null) {
                it.seekToFirst();
            } else {
                it.seek(after.toBytes());
                if (it.isValid() && Arrays.equals(it.key(), after.toBytes())) {
                    it.next();
                }
            }
            for (; it.isValid() && out.size() < limit; it.next()) {
                out.add(Sha256.fromBytes(it.key()));
            }
        }
        return out;
    }
}
