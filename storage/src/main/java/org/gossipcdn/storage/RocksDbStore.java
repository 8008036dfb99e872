package org.gossipcdn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The {@link Store} on RocksDB. Column families:
 * <ul>
 *   <li>{@code records}: (leaf u16, key uuid) → {@link KeyStateCodec} bytes; the leaf prefix makes
 *       "every key of a leaf" one short range scan;</li>
 *   <li>{@code digest}: leaf u16 → 16-byte digest (absent = zero), written in the same batch as the record;</li>
 *   <li>{@code content-index}: sha256 → (content id, size); {@code chunks}: (content id, chunk no) → up to
 *       {@value #CHUNK_BYTES} bytes, in blob files. Content streams in and out one chunk at a time, so memory
 *       stays bounded whatever the blob size, and a range read touches only its chunks. Content becomes
 *       visible (indexed) only once every chunk is written;</li>
 *   <li>{@code meta}: node id, incarnation, last sync time, key count;</li>
 *   <li>{@code keys}: key uuid → nothing, in the same batch as the record: the key-ordered index that
 *       listings page through ({@link #statesAfter}); built from {@code records} at the first open
 *       of a store made before it existed.</li>
 * </ul>
 * WAL always on; {@link FsyncPolicy} decides whether commits fsync. The heap holds no per-key state:
 * only a key counter. Thread-safe.
 */
public final class RocksDbStore implements Store {

    static final int CHUNK_BYTES = 1 << 20;
    private static final byte[] META_KEY_COUNT = "key-count".getBytes();
    private static final byte[] META_KEYS_INDEXED = "keys-indexed".getBytes();
    private static final byte[] NOTHING = new byte[0];

    static {
        RocksDB.loadLibrary();
    }

    private final Path dir;
    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final LRUCache cache;
    private final RocksDB db;
    private final ColumnFamilyHandle records;
    private final ColumnFamilyHandle digest;
    private final ColumnFamilyHandle contentIndex;
    private final ColumnFamilyHandle chunks;
    private final ColumnFamilyHandle meta;
    private final ColumnFamilyHandle keys;
    private final FsyncPolicy fsync;
    /** Records and content: into the WAL, never fsynced here; {@link #durable()} syncs for power-loss. */
    private final WriteOptions walOptions;
    /** Node metadata (identity, incarnation): rare, fsynced under power-loss at once. */
    private final WriteOptions metaOptions;
    private final ExecutorService syncer;
    private final Object syncLock = new Object();
    private CompletableFuture<Void> nextSync;
    private final long idPrefix = new SecureRandom().nextLong();
    private final java.util.concurrent.atomic.AtomicLong idCounter = new java.util.concurrent.atomic.AtomicLong();
    private final Object indexLock = new Object();
    private long keyCount;

    private RocksDbStore(Path dir, FsyncPolicy fsync, long cacheBytes) throws RocksDBException {
        this.dir = dir;
        this.cache = new LRUCache(cacheBytes);
        // log retention only (BENCHMARKS.md, disk amplification): a WAL file stays until every column family
        // with writes in it has flushed, and the small ones (records, meta) flush rarely, so without a cap the
        // WAL kept a second copy of all content written since start; at 16 MiB the oldest WAL's families flush.
        // Info logs rotate at 1 MiB, five kept; the manifest is rewritten past 16 MiB.
        this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setMaxBackgroundJobs(2).setKeepLogFileNum(5).setMaxLogFileSize(1L << 20)
                .setMaxTotalWalSize(16L << 20).setMaxManifestFileSize(16L << 20);
        List<ColumnFamilyDescriptor> descriptors = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallValues(8)),
                new ColumnFamilyDescriptor("records".getBytes(), smallValues(32)),
                new ColumnFamilyDescriptor("digest".getBytes(), smallValues(8)),
                new ColumnFamilyDescriptor("content-index".getBytes(), smallValues(8)),
                new ColumnFamilyDescriptor("chunks".getBytes(), largeValues()),
                new ColumnFamilyDescriptor("meta".getBytes(), smallValues(4)),
                new ColumnFamilyDescriptor("keys".getBytes(), smallValues(4)));
        this.db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        this.records = handles.get(1);
        this.digest = handles.get(2);
        this.contentIndex = handles.get(3);
        this.chunks = handles.get(4);
        this.meta = handles.get(5);
        this.keys = handles.get(6);
        this.fsync = fsync;
        this.walOptions = new WriteOptions().setSync(false);
        this.metaOptions = new WriteOptions().setSync(fsync != FsyncPolicy.PROCESS_CRASH);
        this.syncer = fsync == FsyncPolicy.POWER_LOSS ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rocksdb-wal-sync");
            t.setDaemon(true);
            return t;
        }) : null;
        byte[] count = db.get(meta, META_KEY_COUNT);
        this.keyCount = count == null ? 0 : ByteBuffer.wrap(count).getLong();
        if (db.get(meta, META_KEYS_INDEXED) == null) {
            indexKeys();
        }
    }

    /** Fills {@code keys} from {@code records}: once, for a store written before the index existed. */
    private void indexKeys() throws RocksDBException {
        try (RocksIterator it = db.newIterator(records)) {
            WriteBatch batch = new WriteBatch();
            try {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    batch.put(keys, Arrays.copyOfRange(it.key(), 2, 18), NOTHING);
                    if (batch.count() >= 100_000) { // bounded memory whatever the number of keys
                        db.write(walOptions, batch);
                        batch.close();
                        batch = new WriteBatch();
                    }
                }
                batch.put(meta, META_KEYS_INDEXED, NOTHING); // last: an interrupted build starts over at the next open
                db.write(metaOptions, batch);
            } finally {
                batch.close();
            }
        }
    }

    /** Opens (creating if needed) the store in {@code dir}; RocksDB replays its WAL after a crash. */
    public static RocksDbStore open(Path dir, FsyncPolicy fsync) {
        return open(dir, fsync, 32L << 20);
    }

    /** As {@link #open(Path, FsyncPolicy)}, with a block cache of {@code cacheBytes} (off-heap). */
    public static RocksDbStore open(Path dir, FsyncPolicy fsync, long cacheBytes) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsync, "fsync");
        try {
            Files.createDirectories(dir);
            return new RocksDbStore(dir, fsync, cacheBytes);
        } catch (IOException | RocksDBException e) {
            throw new StoreException("open", dir, e);
        }
    }

    private ColumnFamilyOptions smallValues(int writeBufferMb) {
        ColumnFamilyOptions o = new ColumnFamilyOptions()
                .setWriteBufferSize((long) writeBufferMb << 20)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(
                        new org.rocksdb.BloomFilter(10, false)));
        cfOptions.add(o);
        return o;
    }

    private ColumnFamilyOptions largeValues() {
        ColumnFamilyOptions o = new ColumnFamilyOptions()
                .setWriteBufferSize(64L << 20)
                .setEnableBlobFiles(true)
                .setMinBlobSize(4096)
                .setBlobFileSize(256L << 20)
                .setEnableBlobGarbageCollection(true)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache));
        cfOptions.add(o);
        return o;
    }

    public Path directory() {
        return dir;
    }

    // ---- records and digest -------------------------------------------------------------------

    static byte[] recordKey(int leaf, UUID key) {
        return ByteBuffer.allocate(18).putShort((short) leaf).putLong(key.getMostSignificantBits())
                .putLong(key.getLeastSignificantBits()).array();
    }

    static byte[] leafKey(int leaf) {
        return ByteBuffer.allocate(2).putShort((short) leaf).array();
    }

    @Override
    public Optional<KeyState> get(UUID key) {
        try {
            byte[] value = db.get(records, recordKey(Store.leafOf(key), key));
            return value == null ? Optional.empty() : Optional.of(KeyStateCodec.decode(value));
        } catch (RocksDBException e) {
            throw new StoreException("get", key, e);
        }
    }

    @Override
    public synchronized void put(KeyState state, int leaf, Digest leafDigest) {
        checkLeaf(state.key(), leaf);
        byte[] rk = recordKey(leaf, state.key());
        try (WriteBatch batch = new WriteBatch()) {
            boolean isNew = !db.keyMayExist(records, rk, null) || db.get(records, rk) == null;
            batch.put(records, rk, KeyStateCodec.encode(state));
            setLeaf(batch, leaf, leafDigest);
            if (isNew) {
                batch.put(meta, META_KEY_COUNT, ByteBuffer.allocate(8).putLong(keyCount + 1).array());
                batch.put(keys, keyBytes(state.key()), NOTHING);
            }
            db.write(walOptions, batch);
            if (isNew) {
                keyCount++;
            }
        } catch (RocksDBException e) {
            throw new StoreException("put", state.key(), e);
        }
    }

    @Override
    public synchronized void remove(UUID key, int leaf, Digest leafDigest) {
        checkLeaf(key, leaf);
        byte[] rk = recordKey(leaf, key);
        try (WriteBatch batch = new WriteBatch()) {
            boolean existed = db.get(records, rk) != null;
            batch.delete(records, rk);
            batch.delete(keys, keyBytes(key));
            setLeaf(batch, leaf, leafDigest);
            if (existed) {
                batch.put(meta, META_KEY_COUNT, ByteBuffer.allocate(8).putLong(keyCount - 1).array());
            }
            db.write(walOptions, batch);
            if (existed) {
                keyCount--;
            }
        } catch (RocksDBException e) {
            throw new StoreException("remove", key, e);
        }
    }

    private void setLeaf(WriteBatch batch, int leaf, Digest d) throws RocksDBException {
        if (d.isZero()) {
            batch.delete(digest, leafKey(leaf));
        } else {
            batch.put(digest, leafKey(leaf), ByteBuffer.allocate(16).putLong(d.high()).putLong(d.low()).array());
        }
    }

    private static void checkLeaf(UUID key, int leaf) {
        if (Store.leafOf(key) != leaf) {
            throw new IllegalArgumentException("key " + key + " is in leaf " + Store.leafOf(key) + ", not " + leaf);
        }
    }

    @Override
    public List<KeyState> leafStates(int leaf) {
        byte[] prefix = leafKey(leaf);
        List<KeyState> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(records)) {
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

    private static byte[] keyBytes(UUID key) {
        return ByteBuffer.allocate(16).putLong(key.getMostSignificantBits()).putLong(key.getLeastSignificantBits()).array();
    }

    /** One seek in the {@code keys} index, then a point read per key: the cost grows with the page, not the store. */
    @Override
    public List<KeyState> statesAfter(Optional<UUID> after, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        List<KeyState> out = new ArrayList<>();
        try (RocksIterator it = db.newIterator(keys)) {
            if (after.isEmpty()) {
                it.seekToFirst();
            } else {
                byte[] from = keyBytes(after.get());
                it.seek(from);
                if (it.isValid() && Arrays.equals(it.key(), from)) {
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

    @Override
    public Digest leafDigest(int leaf) {
        try {
            byte[] v = db.get(digest, leafKey(leaf));
            return v == null ? Digest.ZERO : readDigest(v);
        } catch (RocksDBException e) {
            throw new StoreException("leafDigest", leaf, e);
        }
    }

    private static Digest readDigest(byte[] v) {
        ByteBuffer b = ByteBuffer.wrap(v);
        return new Digest(b.getLong(), b.getLong());
    }

    @Override
    public void forEachLeafDigest(BiConsumer<Integer, Digest> action) {
        try (RocksIterator it = db.newIterator(digest)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                action.accept(ByteBuffer.wrap(it.key()).getShort() & 0xFFFF, readDigest(it.value()));
            }
        }
    }

    @Override
    public synchronized long keyCount() {
        return keyCount;
    }

    // ---- content ------------------------------------------------------------------------------

    private static byte[] chunkKey(byte[] contentId, int chunk) {
        return ByteBuffer.allocate(20).put(contentId).putInt(chunk).array();
    }

    /** (content id, size) of stored content, or null. */
    private byte[] indexEntry(Sha256 hash) {
        try {
            return db.get(contentIndex, hash.toBytes());
        } catch (RocksDBException e) {
            throw new StoreException("content lookup", hash, e);
        }
    }

    @Override
    public boolean hasContent(Sha256 hash) {
        return hash.equals(Sha256.EMPTY) || indexEntry(hash) != null;
    }

    @Override
    public Optional<Long> contentSize(Sha256 hash) {
        if (hash.equals(Sha256.EMPTY)) {
            return Optional.of(0L);
        }
        byte[] entry = indexEntry(hash);
        return entry == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(entry, 16, 8).getLong());
    }

    @Override
    public StoredContent putContent(InputStream in, long maxBytes) throws IOException {
        byte[] contentId = nextContentId();
        MessageDigest sha = Sha256.newDigest();
        long size = 0;
        int chunk = 0;
        try {
            while (true) {
                // readNBytes(len) allocates only what arrives: a 1 KiB upload costs 1 KiB, not a 1 MiB buffer
                long room = maxBytes - size; // >= 0 here; one byte more than the room detects an oversized body
                int wanted = room >= CHUNK_BYTES ? CHUNK_BYTES : (int) room + 1;
                byte[] buf = in.readNBytes(wanted);
                int n = buf.length;
                size += n;
                if (size > maxBytes) {
                    throw new ContentTooLargeException(maxBytes);
                }
                sha.update(buf, 0, n);
                boolean last = n < wanted; // readNBytes returns short only at the end of the stream
                if (last && chunk == 0) {
                    return putSingleChunk(Sha256.fromBytes(sha.digest()), buf);
                }
                if (n > 0) {
                    db.put(chunks, walOptions, chunkKey(contentId, chunk++), buf);
                }
                if (last) {
                    break;
                }
            }
            Sha256 hash = Sha256.fromBytes(sha.digest());
            synchronized (indexLock) {
                if (indexEntry(hash) != null) {
                    deleteChunks(contentId, chunk);
                } else {
                    db.put(contentIndex, walOptions, hash.toBytes(),
                            ByteBuffer.allocate(24).put(contentId).putLong(size).array());
                }
            }
            return new StoredContent(hash, size);
        } catch (RocksDBException e) {
            deleteChunksQuietly(contentId, chunk);
            throw new StoreException("putContent", "upload of " + size + " bytes", e);
        } catch (IOException | RuntimeException e) {
            deleteChunksQuietly(contentId, chunk);
            throw e;
        }
    }

    /**
     * Content of at most one chunk: hashed before anything is written, then stored under a content
     * id taken from the hash itself. Two concurrent uploads of the same bytes write the same keys
     * and values, so no lock is needed and a duplicate costs at most a redundant WAL append.
     */
    private StoredContent putSingleChunk(Sha256 hash, byte[] bytes) throws RocksDBException {
        if (bytes.length == 0) {
            return new StoredContent(Sha256.EMPTY, 0);
        }
        if (indexEntry(hash) == null) {
            byte[] contentId = Arrays.copyOf(hash.toBytes(), 16);
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(chunks, chunkKey(contentId, 0), bytes);
                batch.put(contentIndex, hash.toBytes(), ByteBuffer.allocate(24).put(contentId).putLong(bytes.length).array());
                db.write(walOptions, batch);
            }
        }
        return new StoredContent(hash, bytes.length);
    }

    /** A content id unique in this store: a random prefix drawn at open, then a counter. */
    private byte[] nextContentId() {
        return ByteBuffer.allocate(16).putLong(idPrefix).putLong(idCounter.incrementAndGet()).array();
    }

    private void deleteChunks(byte[] contentId, int count) throws RocksDBException {
        db.deleteRange(chunks, chunkKey(contentId, 0), chunkKey(contentId, count));
    }

    private void deleteChunksQuietly(byte[] contentId, int count) {
        try {
            deleteChunks(contentId, count);
        } catch (RocksDBException ignored) {
            // the original failure is what the caller must see; a few orphan chunks are only space
        }
    }

    @Override
    public Optional<InputStream> openContent(Sha256 hash, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0, were " + offset + ", " + length);
        }
        if (hash.equals(Sha256.EMPTY)) {
            return Optional.of(InputStream.nullInputStream());
        }
        byte[] entry = indexEntry(hash);
        if (entry == null) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(entry);
        byte[] contentId = new byte[16];
        b.get(contentId);
        long size = b.getLong();
        long from = Math.min(offset, size);
        long end = length > size - from ? size : from + length;
        return Optional.of(new ChunkStream(contentId, from, end));
    }

    /** Reads [position, end) of one content, one chunk in memory at a time. */
    private final class ChunkStream extends InputStream {
        private final byte[] contentId;
        private long position;
        private final long end;
        private byte[] chunk;
        private int chunkNo = -1;

        ChunkStream(byte[] contentId, long from, long end) {
            this.contentId = contentId;
            this.position = from;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= end) {
                return -1;
            }
            int wanted = (int) (position / CHUNK_BYTES);
            if (wanted != chunkNo) {
                try {
                    chunk = db.get(chunks, chunkKey(contentId, wanted));
                } catch (RocksDBException e) {
                    throw new IOException("reading chunk " + wanted + " failed: " + e.getMessage(), e);
                }
                if (chunk == null) {
                    throw new IOException("chunk " + wanted + " of stored content is missing");
                }
                chunkNo = wanted;
            }
            int inChunk = (int) (position % CHUNK_BYTES);
            int n = (int) Math.min(Math.min(len, chunk.length - inChunk), end - position);
            System.arraycopy(chunk, inChunk, b, off, n);
            position += n;
            return n;
        }

        @Override
        public long skip(long n) {
            long skipped = Math.max(0, Math.min(n, end - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, end - position);
        }
    }

    // ---- meta ---------------------------------------------------------------------------------

    @Override
    public Optional<byte[]> meta(String name) {
        try {
            return Optional.ofNullable(db.get(meta, name.getBytes()));
        } catch (RocksDBException e) {
            throw new StoreException("meta get", name, e);
        }
    }

    @Override
    public void putMeta(String name, byte[] value) {
        try {
            db.put(meta, metaOptions, name.getBytes(), value);
        } catch (RocksDBException e) {
            throw new StoreException("meta put", name, e);
        }
    }

    /**
     * Group commit: under {@link FsyncPolicy#POWER_LOSS} every caller that arrives while no sync is
     * queued gets the next sync's future; the sync thread runs one {@code SyncWAL} for all of them.
     * While a sync runs, newcomers gather behind the next one, so the fsync rate adapts to the
     * write rate (one fsync per batch, not per write).
     */
    @Override
    public CompletableFuture<Void> durable() {
        if (fsync == FsyncPolicy.POWER_LOSS_UNBATCHED) {
            try {
                db.syncWal();
                return CompletableFuture.completedFuture(null);
            } catch (RocksDBException e) {
                return CompletableFuture.failedFuture(new StoreException("syncWal", dir, e));
            }
        }
        if (syncer == null) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (syncLock) {
            if (nextSync == null) {
                nextSync = new CompletableFuture<>();
                syncer.execute(this::syncWal);
            }
            return nextSync;
        }
    }

    private void syncWal() {
        CompletableFuture<Void> batch;
        synchronized (syncLock) {
            batch = nextSync;
            nextSync = null;
        }
        try {
            db.syncWal();
            batch.complete(null);
        } catch (RocksDBException | RuntimeException e) {
            batch.completeExceptionally(new StoreException("syncWal", dir, e));
        }
    }

    @Override
    public synchronized void close() {
        if (syncer != null) {
            syncer.shutdown();
            try {
                syncer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        db.close();
        walOptions.close();
        metaOptions.close();
        dbOptions.close();
        cfOptions.forEach(ColumnFamilyOptions::close);
        cache.close();
    }
}
