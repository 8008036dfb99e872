package org.gossipcdn.storage;

/**
 * When a write is forced to disk before it is acknowledged. Both keep RocksDB's write-ahead log on.
 */
public enum FsyncPolicy {
    /**
     * The WAL is written (into the OS page cache) before the write returns, not fsynced: an
     * acknowledged write survives kill -9 of the process, not a power loss. The default.
     */
    PROCESS_CRASH,
    /**
     * The WAL is fsynced before a write is acknowledged: an acknowledged write survives a power
     * loss too. Writes that arrive while an fsync runs share the next one (group commit, see
     * {@link RocksDbStore#durable()}).
     */
    POWER_LOSS,
    /**
     * As {@link #POWER_LOSS}, but every acknowledgement syncs the WAL on its own, on the caller's
     * thread (no group commit). Slower; kept as the baseline the write benchmark compares against.
     */
    POWER_LOSS_UNBATCHED
}
