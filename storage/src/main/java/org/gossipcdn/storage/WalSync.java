package org.gossipcdn.storage;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * Makes acknowledged writes as durable as the {@link FsyncPolicy} asks: nothing to do under
 * {@link FsyncPolicy#PROCESS_CRASH}, one {@code SyncWAL} per caller under
 * {@link FsyncPolicy#POWER_LOSS_UNBATCHED}, and group commit under {@link FsyncPolicy#POWER_LOSS}.
 */
final class WalSync implements AutoCloseable {

    private final RocksDB db;
    private final Path dir;
    private final FsyncPolicy fsync;
    private final ExecutorService syncer;
    private final Object syncLock = new Object();
    private CompletableFuture<Void> nextSync;

    WalSync(RocksDB db, Path dir, FsyncPolicy fsync) {
        this.db = db;
        this.dir = dir;
        this.fsync = fsync;
        this.syncer = fsync == FsyncPolicy.POWER_LOSS ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "rocksdb-wal-sync");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /**
     * Group commit: under {@link FsyncPolicy#POWER_LOSS} every caller that arrives while no sync is
     * queued gets the next sync's future; the sync thread runs one {@code SyncWAL} for all of them.
     * While a sync runs, newcomers gather behind the next one, so the fsync rate adapts to the
     * write rate (one fsync per batch, not per write).
     */
    CompletableFuture<Void> durable() {
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

    /** Lets a queued sync finish (up to 10 s), then stops the sync thread. */
    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdown();
            try {
                syncer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
