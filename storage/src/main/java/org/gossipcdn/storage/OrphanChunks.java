package org.gossipcdn.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Finds and deletes chunks no content index entry will ever name: those of uploads a crash cut
 * short. Runs at open, before any new upload. See {@link ChunkStore} for the layout and
 * proposals/0017-content-gc.md.
 */
final class OrphanChunks {

    private final Columns c;

    OrphanChunks(Columns columns) {
        this.c = columns;
    }

    /**
     * Frees the chunks of uploads a crash cut short (an {@code uploads} entry left behind): called
     * at open, before any new upload. Returns how many it freed.
     */
    int freeInterruptedUploads() throws RocksDBException {
        int freed = 0;
        try (RocksIterator it = c.db.newIterator(c.uploads); WriteBatch batch = new WriteBatch()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] contentId = it.key();
                batch.deleteRange(c.chunks, ChunkStore.chunkKey(contentId, 0), ChunkStore.chunkKey(contentId, -1)); // -1: 0xFFFFFFFF, past every chunk
                batch.delete(c.uploads, contentId);
                freed++;
            }
            if (freed > 0) {
                c.db.write(c.walOptions, batch);
            }
        }
        return freed;
    }

    /**
     * Once, for a store written before {@code uploads} entries existed: deletes the chunks of every
     * content id the index does not name (uploads a crash of an older build cut short). An id taken
     * from a hash (single-chunk content) is checked against the index entry of that hash prefix;
     * other ids are looked up in a set of the index's multi-chunk ids, one per content of more than
     * a chunk, so at most one entry per MiB of content. Returns how many ids it freed.
     */
    int freeUnindexedChunks() throws RocksDBException {
        Set<UUID> multiChunkIds = new HashSet<>();
        try (RocksIterator it = c.db.newIterator(c.contentIndex)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] id = Arrays.copyOf(it.value(), 16);
                if (!Arrays.equals(id, 0, 16, it.key(), 0, 16)) {
                    multiChunkIds.add(asUuid(id));
                }
            }
        }
        int freed = 0;
        try (RocksIterator chunk = c.db.newIterator(c.chunks); RocksIterator index = c.db.newIterator(c.contentIndex);
             WriteBatch batch = new WriteBatch()) {
            for (chunk.seekToFirst(); chunk.isValid(); chunk.seek(ChunkStore.chunkKey(Arrays.copyOf(chunk.key(), 16), -1))) {
                byte[] id = Arrays.copyOf(chunk.key(), 16);
                if (!multiChunkIds.contains(asUuid(id)) && !indexedUnderItsHash(index, id)) {
                    batch.deleteRange(c.chunks, ChunkStore.chunkKey(id, 0), ChunkStore.chunkKey(id, -1));
                    freed++;
                }
            }
            if (freed > 0) {
                c.db.write(c.walOptions, batch);
            }
        }
        return freed;
    }

    private static UUID asUuid(byte[] id) {
        ByteBuffer b = ByteBuffer.wrap(id);
        return new UUID(b.getLong(), b.getLong());
    }

    /** True if the index holds a hash starting with {@code id} whose entry names {@code id}. */
    private static boolean indexedUnderItsHash(RocksIterator index, byte[] id) {
        for (index.seek(id); index.isValid() && Arrays.equals(index.key(), 0, 16, id, 0, 16); index.next()) {
            if (Arrays.equals(index.value(), 0, 16, id, 0, 16)) {
                return true;
            }
        }
        return false;
    }

}
