package org.gossipcdn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.rocksdb.RocksDBException;

/**
 * The {@link Store} on RocksDB, one class per job behind it:
 * <ul>
 *   <li>{@link RecordTable}: {@code records} (leaf u16, key uuid) → {@link KeyStateCodec} bytes, the leaf
 *       prefix making "every key of a leaf" one short range scan, and {@code digest} leaf u16 → 16-byte digest,
 *       written in the same batch as the record;</li>
 *   <li>{@link ChunkStore}: {@code content-index} sha256 → (content id, size) and {@code chunks}
 *       (content id, chunk no) → up to 1 MiB, in blob files;</li>
 *   <li>{@link WalSync}: group commit of the WAL for {@link #durable()};</li>
 *   <li>{@code meta}: node id, incarnation, last sync time, key count.</li>
 * </ul>
 * {@link Columns} opens the database and its column families. WAL always on; {@link FsyncPolicy}
 * decides whether commits fsync. The heap holds no per-key state: only a key counter. Thread-safe.
 */
public final class RocksDbStore implements Store {

    static final int CHUNK_BYTES = ChunkStore.CHUNK_BYTES;

    private final Path dir;
    private final Columns columns;
    private final RecordTable records;
    private final ChunkStore content;
    private final WalSync sync;

    private RocksDbStore(Path dir, FsyncPolicy fsync, long cacheBytes) throws RocksDBException {
        this.dir = dir;
        this.columns = new Columns(dir.toString(), fsync, cacheBytes);
        this.records = new RecordTable(columns, this);
        this.content = new ChunkStore(columns);
        this.sync = new WalSync(columns.db, dir, fsync);
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

    @Override
    public synchronized void close() {
        sync.close();
        columns.close();
    }
}
