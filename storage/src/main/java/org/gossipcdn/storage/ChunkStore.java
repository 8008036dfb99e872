package org.gossipcdn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.gossipcdn.core.spi.Store.ContentTooLargeException;
import org.gossipcdn.core.spi.Store.StoredContent;
import org.gossipcdn.core.version.Sha256;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Content addressed by its SHA-256: {@code content-index} sha256 → (content id, size) and
 * {@code chunks} (content id, chunk no) → up to {@value #CHUNK_BYTES} bytes, in blob files.
 * Content streams in and out one chunk at a time, so memory stays bounded whatever the blob size,
 * and a range read touches only its chunks. Content becomes visible (indexed) only once every
 * chunk is written.
 */
final class ChunkStore {

    static final int CHUNK_BYTES = 1 << 20;

    private final Columns c;
    private final long idPrefix = new SecureRandom().nextLong();
    private final AtomicLong idCounter = new AtomicLong();
    private final Object indexLock = new Object();

    ChunkStore(Columns columns) {
        this.c = columns;
    }

    static byte[] chunkKey(byte[] contentId, int chunk) {
        return ByteBuffer.allocate(20).put(contentId).putInt(chunk).array();
    }

    /** (content id, size) of stored content, or null. */
    private byte[] indexEntry(Sha256 hash) {
        try {
            return c.db.get(c.contentIndex, hash.toBytes());
        } catch (RocksDBException e) {
            throw new StoreException("content lookup", hash, e);
        }
    }

    boolean hasContent(Sha256 hash) {
        return hash.equals(Sha256.EMPTY) || indexEntry(hash) != null;
    }

    Optional<Long> contentSize(Sha256 hash) {
        if (hash.equals(Sha256.EMPTY)) {
            return Optional.of(0L);
        }
        byte[] entry = indexEntry(hash);
        return entry == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(entry, 16, 8).getLong());
    }

    StoredContent putContent(InputStream in, long maxBytes) throws IOException {
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
                    c.db.put(c.chunks, c.walOptions, chunkKey(contentId, chunk++), buf);
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
                    c.db.put(c.contentIndex, c.walOptions, hash.toBytes(),
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
                batch.put(c.chunks, chunkKey(contentId, 0), bytes);
                batch.put(c.contentIndex, hash.toBytes(), ByteBuffer.allocate(24).put(contentId).putLong(bytes.length).array());
                c.db.write(c.walOptions, batch);
            }
        }
        return new StoredContent(hash, bytes.length);
    }

    /** A content id unique in this store: a random prefix drawn at open, then a counter. */
    private byte[] nextContentId() {
        return ByteBuffer.allocate(16).putLong(idPrefix).putLong(idCounter.incrementAndGet()).array();
    }

    private void deleteChunks(byte[] contentId, int count) throws RocksDBException {
        c.db.deleteRange(c.chunks, chunkKey(contentId, 0), chunkKey(contentId, count));
    }

    private void deleteChunksQuietly(byte[] contentId, int count) {
        try {
            deleteChunks(contentId, count);
        } catch (RocksDBException ignored) {
            // the original failure is what the caller must see; a few orphan chunks are only space
        }
    }

    Optional<InputStream> openContent(Sha256 hash, long offset, long length) {
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
        return Optional.of(new ChunkStream(c, contentId, from, end));
    }
}
