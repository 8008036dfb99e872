package org.gossipcdn.storage;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB database, its column families and the options they need, closed together.
 * The tables ({@link RecordTable}, {@link ChunkStore}) share it; see {@link RocksDbStore} for the
 * layout of each column family.
 */
final class Columns implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    final RocksDB db;
    final ColumnFamilyHandle records;
    final ColumnFamilyHandle digest;
    final ColumnFamilyHandle contentIndex;
    final ColumnFamilyHandle chunks;
    final ColumnFamilyHandle meta;
    final ColumnFamilyHandle references;
    final ColumnFamilyHandle unreferenced;
    final ColumnFamilyHandle uploads;
    /** key uuid → nothing, in the batch of the record: the key-ordered index listings page through. */
    final ColumnFamilyHandle keys;
    /** Records and content: into the WAL, never fsynced here; {@link WalSync} syncs for power loss. */
    final WriteOptions walOptions;
    /** Node metadata (identity, incarnation): rare, fsynced at once under power-loss policies. */
    final WriteOptions metaOptions;

    private final DBOptions dbOptions;
    private final List<ColumnFamilyOptions> cfOptions = new ArrayList<>();
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final LRUCache cache;

    Columns(String dir, FsyncPolicy fsync, long cacheBytes) throws RocksDBException {
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
                new ColumnFamilyDescriptor("references".getBytes(), smallValues(8)),
                new ColumnFamilyDescriptor("unreferenced".getBytes(), smallValues(4)),
                new ColumnFamilyDescriptor("uploads".getBytes(), smallValues(4)),
                new ColumnFamilyDescriptor("keys".getBytes(), smallValues(4)));
        this.db = RocksDB.open(dbOptions, dir, descriptors, handles);
        this.records = handles.get(1);
        this.digest = handles.get(2);
        this.contentIndex = handles.get(3);
        this.chunks = handles.get(4);
        this.meta = handles.get(5);
        this.references = handles.get(6);
        this.unreferenced = handles.get(7);
        this.uploads = handles.get(8);
        this.keys = handles.get(9);
        this.walOptions = new WriteOptions().setSync(false);
        this.metaOptions = new WriteOptions().setSync(fsync != FsyncPolicy.PROCESS_CRASH);
    }

    private ColumnFamilyOptions smallValues(int writeBufferMb) {
        ColumnFamilyOptions o = new ColumnFamilyOptions()
                .setWriteBufferSize((long) writeBufferMb << 20)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(
                        new BloomFilter(10, false)));
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

    /** Every column family, the default one first. */
    List<ColumnFamilyHandle> all() {
        return List.copyOf(handles);
    }

    @Override
    public void close() {
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
