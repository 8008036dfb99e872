package org.gossipcdn.node;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.Sha256;

/**
 * Hot blob content in off-heap memory, bounded in bytes and least-recently-used first out, so
 * repeated GETs of popular blobs are one buffer write from the I/O thread instead of RocksDB reads
 * through JNI. Content is immutable per hash, so an entry never goes stale. Only blobs up to
 * {@code maxEntryBytes} are cached; the heap holds one small map entry per cached blob.
 * See proposals/0007-hot-content-cache.md. Thread-safe.
 */
final class ContentCache {

    /** Blobs up to this size are cached (and then served from the I/O thread). */
    static final long MAX_ENTRY_BYTES = 8L << 20;

    private final long capacityBytes;
    private final long maxEntryBytes;
    private long usedBytes;
    private final LinkedHashMap<Sha256, ByteBuffer> entries = new LinkedHashMap<>(64, 0.75f, true);

    /** @param capacityBytes off-heap bytes at most; 0 turns the cache off */
    ContentCache(long capacityBytes) {
        this.capacityBytes = capacityBytes;
        this.maxEntryBytes = Math.min(MAX_ENTRY_BYTES, capacityBytes);
    }

    /**
     * The whole content as a read-only buffer positioned at 0: from the cache, or read from the
     * store and cached. Empty if the store lacks it or it is too large to cache.
     */
    Optional<ByteBuffer> get(Sha256 hash, long size, Store store) throws IOException {
        if (capacityBytes == 0 || size > maxEntryBytes) {
            return Optional.empty();
        }
        synchronized (this) {
            ByteBuffer hit = entries.get(hash);
            if (hit != null) {
                return Optional.of(hit.duplicate());
            }
        }
        Optional<InputStream> in = store.openContent(hash);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.allocateDirect((int) size);
        try (InputStream body = in.get()) {
            byte[] chunk = new byte[64 * 1024];
            int n;
            while ((n = body.read(chunk)) > 0 && buf.hasRemaining()) {
                buf.put(chunk, 0, Math.min(n, buf.remaining()));
            }
        }
        buf.flip();
        ByteBuffer ro = buf.asReadOnlyBuffer();
        synchronized (this) {
            if (entries.putIfAbsent(hash, ro) == null) {
                usedBytes += size;
                var it = entries.entrySet().iterator();
                while (usedBytes > capacityBytes && it.hasNext()) {
                    Map.Entry<Sha256, ByteBuffer> eldest = it.next();
                    usedBytes -= eldest.getValue().capacity();
                    it.remove();
                }
            }
        }
        return Optional.of(ro.duplicate());
    }

    /** True if this content is cached (and so stored). */
    synchronized boolean contains(Sha256 hash) {
        return entries.containsKey(hash);
    }

    synchronized long usedBytes() {
        return usedBytes;
    }
}
