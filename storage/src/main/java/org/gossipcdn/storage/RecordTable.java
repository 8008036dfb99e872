package org.gossipcdn.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.KeyState;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Key states and the digest leaves that summarise them: {@code records} (leaf u16, key uuid) →
 * {@link KeyStateCodec} bytes, {@code digest} leaf u16 → 16-byte digest (absent = zero), written in
 * one batch per change, with the key count kept in {@code meta} and the content references of the
 * key ({@link ContentReferences}) in the same batch. The heap holds only that count. Writers hold
 * the store's write lock.
 */
final class RecordTable {

    private static final byte[] META_KEY_COUNT = "key-count".getBytes();
    private static final byte[] META_KEYS_INDEXED = "keys-indexed".getBytes();
    private static final byte[] NOTHING = new byte[0];

    private final Columns c;
    private final Object writeLock;
    private final ContentReferences refs;
    private final LongSupplier millis;
    private long keyCount;

    RecordTable(Columns columns, Object writeLock, ContentReferences refs, LongSupplier millis) throws RocksDBException {
        this.c = columns;
        this.writeLock = writeLock;
        this.refs = refs;
        this.millis = millis;
        byte[] count = c.db.get(c.meta, META_KEY_COUNT);
        this.keyCount = count == null ? 0 : ByteBuffer.wrap(count).getLong();
        if (c.db.get(c.meta, META_KEYS_INDEXED) == null) {
            indexKeys();
        }
    }

    /** Fills {@code keys} from {@code records}: once, for a store written before the index existed. */
    private void indexKeys() throws RocksDBException {
        try (RocksIterator it = c.db.newIterator(c.records)) {
            WriteBatch batch = new WriteBatch();
            try {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    batch.put(c.keys, java.util.Arrays.copyOfRange(it.key(), 2, 18), NOTHING);
                    if (batch.count() >= 100_000) { // bounded memory whatever the number of keys
                        c.db.write(c.walOptions, batch);
                        batch.close();
                        batch = new WriteBatch();
                    }
                }
                batch.put(c.meta, META_KEYS_INDEXED, NOTHING); // last: an interrupted build starts over at the next open
                c.db.write(c.metaOptions, batch);
            } finally {
                batch.close();
            }
        }
    }

    private static byte[] keyBytes(UUID key) {
        return ByteBuffer.allocate(16).putLong(key.getMostSignificantBits()).putLong(key.getLeastSignificantBits()).array();
    }

    /** One seek in the {@code keys} index, then a point read per key: the cost grows with the page, not the store. */
    List<KeyState> statesAfter(Optional<UUID> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        List<KeyState> out = new ArrayList<>();
        try (RocksIterator it = c.db.newIterator(c.keys)) {
            if (after.isEmpty()) {
                it.seekToFirst();
            } else {
                byte[] from = keyBytes(after.get());
                it.seek(from);
                if (it.isValid() && java.util.Arrays.equals(it.key(), from)) {
                    it.next();
                }
            }
            for (; it.isValid() && out.size() < limit; it.next()) {
                ByteBuffer k = ByteBuffer.wrap(it.key());
                get(new UUID(k.getLong(), k.getLong())).ifPresent(out::add); // removed since the seek: skipped
            }
        }
        return out;
    }

    static byte[] recordKey(int leaf, UUID key) {
        return ByteBuffer.allocate(18).putShort((short) leaf).putLong(key.getMostSignificantBits())
                .putLong(key.getLeastSignificantBits()).array();
    }

    static byte[] leafKey(int leaf) {
        return ByteBuffer.allocate(2).putShort((short) leaf).array();
    }

    Optional<KeyState> get(UUID key) {
        try {
            byte[] value = c.db.get(c.records, recordKey(Store.leafOf(key), key));
            return value == null ? Optional.empty() : Optional.of(KeyStateCodec.decode(value));
        } catch (RocksDBException e) {
            throw new StoreException("get", key, e);
        }
    }

    void put(KeyState state, int leaf, Digest leafDigest) {
        checkLeaf(state.key(), leaf);
        byte[] rk = recordKey(leaf, state.key());
        synchronized (writeLock) {
            try (WriteBatch batch = new WriteBatch()) {
                byte[] old = c.db.get(c.records, rk);
                boolean isNew = old == null;
                batch.put(c.records, rk, KeyStateCodec.encode(state));
                refs.update(batch, state.key(), isNew ? null : KeyStateCodec.decode(old), state, millis.getAsLong());
                setLeaf(batch, leaf, leafDigest);
                if (isNew) {
                    batch.put(c.meta, META_KEY_COUNT, ByteBuffer.allocate(8).putLong(keyCount + 1).array());
                    batch.put(c.keys, keyBytes(state.key()), NOTHING);
                }
                c.db.write(c.walOptions, batch);
                if (isNew) {
                    keyCount++;
                }
            } catch (RocksDBException e) {
                throw new StoreException("put", state.key(), e);
            }
        }
    }

    void remove(UUID key, int leaf, Digest leafDigest) {
        checkLeaf(key, leaf);
        byte[] rk = recordKey(leaf, key);
        synchronized (writeLock) {
            try (WriteBatch batch = new WriteBatch()) {
                byte[] old = c.db.get(c.records, rk);
                boolean existed = old != null;
                batch.delete(c.records, rk);
                batch.delete(c.keys, keyBytes(key));
                if (existed) {
                    refs.update(batch, key, KeyStateCodec.decode(old), null, millis.getAsLong());
                }
                setLeaf(batch, leaf, leafDigest);
                if (existed) {
                    batch.put(c.meta, META_KEY_COUNT, ByteBuffer.allocate(8).putLong(keyCount - 1).array());
                }
                c.db.write(c.walOptions, batch);
                if (existed) {
                    keyCount--;
                }
            } catch (RocksDBException e) {
                throw new StoreException("remove", key, e);
            }
        }
    }

    private void setLeaf(WriteBatch batch, int leaf, Digest d) throws RocksDBException {
        if (d.isZero()) {
            batch.delete(c.digest, leafKey(leaf));
        } else {
            batch.put(c.digest, leafKey(leaf), ByteBuffer.allocate(16).putLong(d.high()).putLong(d.low()).array());
        }
    }

    private static void checkLeaf(UUID key, int leaf) {
        if (Store.leafOf(key) != leaf) {
            throw new IllegalArgumentException("key " + key + " is in leaf " + Store.leafOf(key) + ", not " + leaf);
        }
    }

    List<KeyState> leafStates(int leaf) {
        byte[] prefix = leafKey(leaf);
        List<KeyState> out = new ArrayList<>();
        try (RocksIterator it = c.db.newIterator(c.records)) {
            for (it.seek(prefix); it.isValid(); it.next()) {
                byte[] k = it.key();
                if (k[0] != prefix[0] || k[1] != prefix[1]) {
                    break;
                }
                out.add(KeyStateCodec.decode(it.value()));
            }
        }
        return out;
    }

    Digest leafDigest(int leaf) {
        try {
            byte[] v = c.db.get(c.digest, leafKey(leaf));
            return v == null ? Digest.ZERO : readDigest(v);
        } catch (RocksDBException e) {
            throw new StoreException("leafDigest", leaf, e);
        }
    }

    private static Digest readDigest(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        return new Digest(b.getLong(), b.getLong());
    }

    void forEachLeafDigest(BiConsumer<Integer, Digest> action) {
        try (RocksIterator it = c.db.newIterator(c.digest)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                action.accept(ByteBuffer.wrap(it.key()).getShort() & 0xFFFF, readDigest(it.value()));
            }
        }
    }

    long keyCount() {
        synchronized (writeLock) {
            return keyCount;
        }
    }

    /**
     * Once, for a store written before references existed: adds the references of every stored key
     * state. Idempotent (references are set members), so a crash midway is repaired by redoing it.
     */
    void rebuildReferences() throws RocksDBException {
        long now = millis.getAsLong();
        synchronized (writeLock) {
            WriteBatch batch = new WriteBatch();
            try (RocksIterator it = c.db.newIterator(c.records)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    KeyState state = KeyStateCodec.decode(it.value());
                    refs.update(batch, state.key(), null, state, now);
                    if (batch.count() >= 10_000) {
                        c.db.write(c.walOptions, batch);
                        batch.close();
                        batch = new WriteBatch();
                    }
                }
                c.db.write(c.walOptions, batch);
            } finally {
                batch.close();
            }
        }
    }
}
