package org.gossipcdn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDBException;

/**
 * The {@link Store} on RocksDB, one class per job behind it:
 * <ul>
 *   <li>{@link RecordTable}: {@code records} (leaf u16, key uuid) → {@link KeyStateCodec} bytes, the leaf
 *       prefix making "every key of a leaf" one short range scan, and {@code digest} leaf u16 → 16-byte digest,
 *       written in the same batch as the record;</li>
 *   <li>{@link ChunkStore}: {@code content-index} sha256 → (content id, size) and {@code chunks}
 *       (content id, chunk no) → up to 1 MiB, in blob files; {@code uploads} content id → start, for
 *       uploads in progress (a crash leaves the entry, and {@link OrphanChunks} frees the chunks at the next open);</li>
 *   <li>{@link ContentReferences}: {@code references} sha256‖key → nothing, written in the batch of the
 *       key state, and {@code unreferenced} sha256 → since when no key references it, which garbage
 *       collection reads (proposals/0017-content-gc.md);</li>
 *   <li>{@link WalSync}: group commit of the WAL for {@link #durable()};</li>
 *   <li>{@code meta}: node id, incarnation, last sync time, key count, content count and bytes, layout;</li>
 *   <li>{@code keys}: key uuid → nothing, in the same batch as the record: the key-ordered index that
 *       listings page through ({@link #statesAfter}); built from {@code records} at the first open
 *       of a store made before it existed.</li>
 * </ul>
 * {@link Columns} opens the database and its column families. WAL always on; {@link FsyncPolicy}
 * decides whether commits fsync. The heap holds no per-key state: only counters. Thread-safe: every
 * write of records, references, the content index and marks holds one lock (this store).
 *
 * <p>A store written before references existed ({@code meta} has no {@value #LAYOUT} entry) gets them
 * once at open: the chunks of unfinished uploads deleted, the references of every key state, the
 * counters, and a mark (from now) on stored content no key references.
 */
public final class RocksDbStore implements Store {

    static final int CHUNK_BYTES = ChunkStore.CHUNK_BYTES;
    /** The meta entry naming the layout: absent before content references (layout 1), "2" since. */
    static final String LAYOUT = "layout";
    private static final System.Logger LOG = System.getLogger(RocksDbStore.class.getName());

    private final Path dir;
    private final Columns columns;
    private final RecordTable records;
    private final ContentReferences references;
    private final ChunkStore content;
    private final WalSync sync;
    /** Held by {@link #compactContent()}; {@link #close()} takes it so that it never closes under a compaction. */
    private final Object compactLock = new Object();

    private RocksDbStore(Path dir, FsyncPolicy fsync, long cacheBytes, LongSupplier millis) throws RocksDBException {
        this.dir = dir;
        this.columns = new Columns(dir.toString(), fsync, cacheBytes);
        try {
            this.references = new ContentReferences(columns);
            this.records = new RecordTable(columns, this, references, millis);
            this.content = new ChunkStore(columns, this, references, millis);
            this.sync = new WalSync(columns.db, dir, fsync);
            OrphanChunks orphanChunks = new OrphanChunks(columns);
            int interrupted = orphanChunks.freeInterruptedUploads();
            if (interrupted > 0) {
                LOG.log(System.Logger.Level.INFO, "freed the chunks of {0} upload(s) interrupted by a crash", interrupted);
            }
            if (columns.db.get(columns.meta, LAYOUT.getBytes()) == null) {
                int orphans = orphanChunks.freeUnindexedChunks();
                if (orphans > 0) {
                    LOG.log(System.Logger.Level.INFO, "freed the chunks of {0} upload(s) an older build left unfinished", orphans);
                }
                records.rebuildReferences();
                content.rebuildUsageAndMarks();
                columns.db.put(columns.meta, columns.metaOptions, LAYOUT.getBytes(), "2".getBytes());
            }
        } catch (RocksDBException | RuntimeException e) {
            columns.close();
            throw e;
        }
    }

    /** Opens (creating if needed) the store in {@code dir}; RocksDB replays its WAL after a crash. */
    public static RocksDbStore open(Path dir, FsyncPolicy fsync) {
        return open(dir, fsync, 32L << 20);
    }

    /** As {@link #open(Path, FsyncPolicy)}, with a block cache of {@code cacheBytes} (off-heap). */
    public static RocksDbStore open(Path dir, FsyncPolicy fsync, long cacheBytes) {
        return open(dir, fsync, cacheBytes, System::currentTimeMillis);
    }

    /**
     * As {@link #open(Path, FsyncPolicy, long)}, with {@code millis} as the clock that dates
     * "unreferenced since" marks and that {@link #collectGarbage(Duration)} measures the delay on.
     */
    public static RocksDbStore open(Path dir, FsyncPolicy fsync, long cacheBytes, LongSupplier millis) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(millis, "millis");
        try {
            Files.createDirectories(dir);
            return new RocksDbStore(dir, fsync, cacheBytes, millis);
        } catch (IOException | RocksDBException e) {
            throw new StoreException("open", dir, e);
        }
    }

    public Path directory() {
        return dir;
    }

    // ---- records and digest -------------------------------------------------------------------

    @Override
    public Optional<KeyState> get(UUID key) {
        return records.get(key);
    }

    @Override
    public void put(KeyState state, int leaf, Digest leafDigest) {
        records.put(state, leaf, leafDigest);
    }

    @Override
    public void remove(UUID key, int leaf, Digest leafDigest) {
        records.remove(key, leaf, leafDigest);
    }

    @Override
    public List<KeyState> leafStates(int leaf) {
        return records.leafStates(leaf);
    }

    /** One seek in the {@code keys} index, then a point read per key: the cost grows with the page, not the store. */
    @Override
    public List<KeyState> statesAfter(Optional<UUID> after, int limit) {
        return records.statesAfter(after, limit);
    }

    @Override
    public Digest leafDigest(int leaf) {
        return records.leafDigest(leaf);
    }

    @Override
    public void forEachLeafDigest(BiConsumer<Integer, Digest> action) {
        records.forEachLeafDigest(action);
    }

    @Override
    public long keyCount() {
        return records.keyCount();
    }

    // ---- content ------------------------------------------------------------------------------

    @Override
    public boolean hasContent(Sha256 hash) {
        return content.hasContent(hash);
    }

    @Override
    public Optional<Long> contentSize(Sha256 hash) {
        return content.contentSize(hash);
    }

    @Override
    public StoredContent putContent(InputStream in, long maxBytes) throws IOException {
        return content.putContent(in, maxBytes);
    }

    @Override
    public Optional<InputStream> openContent(Sha256 hash, long offset, long length) {
        return content.openContent(hash, offset, length);
    }

    @Override
    public void deleteContent(Sha256 hash) {
        content.deleteContent(hash);
    }

    @Override
    public List<UUID> referrers(Sha256 hash, int limit) {
        return references.referrers(hash, limit);
    }

    @Override
    public long collectGarbage(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must be >= 0, was " + delay);
        }
        return content.collectGarbage(delay);
    }

    /** Kept as counters in {@code meta}: reading it costs nothing. */
    @Override
    public ContentUsage contentUsage() {
        return content.contentUsage();
    }

    /** The chunk store, for tests that play an upload cut short by a crash. */
    ChunkStore chunks() {
        return content;
    }

    /**
     * Bytes this store takes on disk now: live SST and blob files of every column family (RocksDB's
     * {@code rocksdb.live-sst-files-size} and {@code rocksdb.live-blob-file-size}) plus the WAL files.
     * Deleted content leaves the blob files when compaction's blob garbage collection rewrites them,
     * so this falls some time after content is deleted ({@link #compactContent()}). 0 once the store closes.
     */
    public long diskBytes() {
        long bytes = 0;
        synchronized (this) { // the write lock, held briefly: close() takes it too, so the database is open here
            if (content.closing) {
                return 0;
            }
            try {
                for (ColumnFamilyHandle h : columns.all()) {
                    bytes += columns.db.getLongProperty(h, "rocksdb.live-sst-files-size");
                    bytes += columns.db.getLongProperty(h, "rocksdb.live-blob-file-size");
                }
            } catch (RocksDBException e) {
                throw new StoreException("diskBytes", dir, e);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            bytes += files.filter(p -> p.getFileName().toString().endsWith(".log")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // a WAL file RocksDB just deleted
                }
            }).sum();
        } catch (IOException e) {
            throw new StoreException("diskBytes", dir, e);
        }
        return bytes;
    }

    /**
     * Gives the disk of deleted content back: flushes every column family (so WAL files holding
     * deleted chunks become obsolete and go) and compacts the chunks (so blob files that no chunk
     * references any more are deleted, and blob garbage collection relocates the live chunks of the
     * oldest quarter of blob files). Blocks for the compaction, which rewrites up to a quarter of the
     * content: call it from a background thread, after a good share of the content was freed.
     * Writes go on meanwhile; {@link #close()} waits for it.
     */
    public void compactContent() {
        synchronized (compactLock) {
            if (content.closing) {
                return;
            }
            try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
                columns.db.flush(wait, columns.all());
                columns.db.compactRange(columns.chunks);
            } catch (RocksDBException e) {
                throw new StoreException("compactContent", dir, e);
            }
        }
    }

    // ---- meta ---------------------------------------------------------------------------------

    @Override
    public Optional<byte[]> meta(String name) {
        try {
            return Optional.ofNullable(columns.db.get(columns.meta, name.getBytes()));
        } catch (RocksDBException e) {
            throw new StoreException("meta get", name, e);
        }
    }

    @Override
    public void putMeta(String name, byte[] value) {
        try {
            columns.db.put(columns.meta, columns.metaOptions, name.getBytes(), value);
        } catch (RocksDBException e) {
            throw new StoreException("meta put", name, e);
        }
    }

    /** See {@link WalSync#durable()}: group commit under {@link FsyncPolicy#POWER_LOSS}. */
    @Override
    public CompletableFuture<Void> durable() {
        return sync.durable();
    }

    /** Stops a garbage collection in progress at its next candidate, then closes the database. */
    @Override
    public void close() {
        content.closing = true;
        synchronized (compactLock) {
            synchronized (this) {
                sync.close();
                columns.close();
            }
        }
    }
}
