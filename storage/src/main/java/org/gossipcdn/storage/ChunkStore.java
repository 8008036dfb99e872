package org.gossipcdn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.gossipcdn.core.spi.Store.ContentTooLargeException;
import org.gossipcdn.core.spi.Store.ContentUsage;
import org.gossipcdn.core.spi.Store.StoredContent;
import org.gossipcdn.core.version.Sha256;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Content addressed by its SHA-256: {@code content-index} sha256 → (content id, size) and
 * {@code chunks} (content id, chunk no) → up to {@value #CHUNK_BYTES} bytes, in blob files.
 * Content streams in and out one chunk at a time, so memory stays bounded whatever the blob size,
 * and a range read touches only its chunks. Content becomes visible (indexed) only once every
 * chunk is written.
 *
 * <p>Content larger than one chunk is an {@link Upload}: an {@code uploads} entry (content id →
 * start millis) is written with its first chunk and deleted in the batch that indexes it, so the
 * chunks of an upload cut short by a crash are found and freed at the next open
 * ({@link OrphanChunks}). Content stored while no key references it gets an
 * "unreferenced since" mark in the same batch ({@link ContentReferences}); {@link #collectGarbage}
 * deletes what stayed unreferenced for the delay. The count and bytes of indexed content are kept
 * in {@code meta}, changed in the batches that index or delete content.
 *
 * <p>Index, marks and counters change under the store's write lock, the lock record writes hold.
 */
final class ChunkStore {

    static final int CHUNK_BYTES = 1 << 20;
    static final byte[] META_CONTENT_COUNT = "content-count".getBytes();
    static final byte[] META_CONTENT_BYTES = "content-bytes".getBytes();

    private final Columns c;
    private final Object writeLock;
    private final ContentReferences refs;
    private final LongSupplier millis;
    private final long idPrefix = new SecureRandom().nextLong();
    private final AtomicLong idCounter = new AtomicLong();
    private long contentCount;
    private long contentBytes;
    /** Set as the store closes: a garbage collection still running stops at its next candidate. */
    volatile boolean closing;
    /** Runs between reading a page of marks and taking the lock for one of them (tests: a write in that gap). */
    volatile java.util.function.Consumer<Sha256> beforeCandidate = hash -> { };

    ChunkStore(Columns columns, Object writeLock, ContentReferences refs, LongSupplier millis) throws RocksDBException {
        this.c = columns;
        this.writeLock = writeLock;
        this.refs = refs;
        this.millis = millis;
        this.contentCount = metaLong(META_CONTENT_COUNT);
        this.contentBytes = metaLong(META_CONTENT_BYTES);
    }

    private long metaLong(byte[] name) throws RocksDBException {
        byte[] v = c.db.get(c.meta, name);
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
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
        MessageDigest sha = Sha256.newDigest();
        long size = 0;
        Upload upload = null;
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
                if (last && upload == null) {
                    return putSingleChunk(Sha256.fromBytes(sha.digest()), buf);
                }
                if (upload == null) {
                    upload = begin();
                }
                if (n > 0) {
                    upload.write(buf);
                }
                if (last) {
                    break;
                }
            }
            return upload.complete(Sha256.fromBytes(sha.digest()), size);
        } catch (RocksDBException e) {
            abandonQuietly(upload);
            throw new StoreException("putContent", "upload of " + size + " bytes", e);
        } catch (IOException | RuntimeException e) {
            abandonQuietly(upload);
            throw e;
        }
    }

    private static void abandonQuietly(Upload upload) {
        if (upload != null) {
            try {
                upload.abandon();
            } catch (RocksDBException ignored) {
                // the original failure is what the caller must see; the uploads entry frees the chunks at the next open
            }
        }
    }

    /**
     * Content of at most one chunk: hashed before anything is written, then stored with its index
     * entry, mark and counters in one batch under a content id taken from the hash itself, so a
     * crash leaves all of it or none.
     */
    private StoredContent putSingleChunk(Sha256 hash, byte[] bytes) throws RocksDBException {
        if (bytes.length == 0) {
            return new StoredContent(Sha256.EMPTY, 0);
        }
        byte[] contentId = Arrays.copyOf(hash.toBytes(), 16);
        synchronized (writeLock) {
            try (WriteBatch batch = new WriteBatch()) {
                boolean isNew = indexEntry(hash) == null;
                if (isNew) {
                    batch.put(c.chunks, chunkKey(contentId, 0), bytes);
                    index(batch, hash, contentId, bytes.length);
                }
                markIfUnreferenced(batch, hash);
                c.db.write(c.walOptions, batch);
                if (isNew) {
                    counted(1, bytes.length);
                }
            }
        }
        return new StoredContent(hash, bytes.length);
    }

    /** Starts storing content of more than one chunk (package-private: tests interrupt one to play a crash). */
    Upload begin() {
        return new Upload(ByteBuffer.allocate(16).putLong(idPrefix).putLong(idCounter.incrementAndGet()).array());
    }

    /** Chunks being written under a fresh content id, not yet visible. */
    final class Upload {
        private final byte[] contentId;
        private int chunks;

        private Upload(byte[] contentId) {
            this.contentId = contentId;
        }

        /** Appends the next chunk; the first one is written with the uploads entry that makes a crash recoverable. */
        void write(byte[] chunk) throws RocksDBException {
            try (WriteBatch batch = new WriteBatch()) {
                if (chunks == 0) {
                    batch.put(c.uploads, contentId, ByteBuffer.allocate(8).putLong(millis.getAsLong()).array());
                }
                batch.put(c.chunks, chunkKey(contentId, chunks), chunk);
                c.db.write(c.walOptions, batch);
            }
            chunks++;
        }

        /** Indexes the chunks as the content {@code hash}, or drops them if that content is stored already. */
        StoredContent complete(Sha256 hash, long size) throws RocksDBException {
            synchronized (writeLock) {
                try (WriteBatch batch = new WriteBatch()) {
                    batch.delete(c.uploads, contentId);
                    boolean isNew = indexEntry(hash) == null;
                    if (isNew) {
                        index(batch, hash, contentId, size);
                    } else {
                        batch.deleteRange(c.chunks, chunkKey(contentId, 0), chunkKey(contentId, chunks));
                    }
                    markIfUnreferenced(batch, hash);
                    c.db.write(c.walOptions, batch);
                    if (isNew) {
                        counted(1, size);
                    }
                }
            }
            return new StoredContent(hash, size);
        }

        void abandon() throws RocksDBException {
            try (WriteBatch batch = new WriteBatch()) {
                batch.deleteRange(c.chunks, chunkKey(contentId, 0), chunkKey(contentId, chunks));
                batch.delete(c.uploads, contentId);
                c.db.write(c.walOptions, batch);
            }
        }
    }

    private void index(WriteBatch batch, Sha256 hash, byte[] contentId, long size) throws RocksDBException {
        batch.put(c.contentIndex, hash.toBytes(), ByteBuffer.allocate(24).put(contentId).putLong(size).array());
        counters(batch, 1, size);
    }

    /** Puts into {@code batch} the counters as they are once it is written; {@link #counted} follows the write. */
    private void counters(WriteBatch batch, long count, long bytes) throws RocksDBException {
        batch.put(c.meta, META_CONTENT_COUNT, ByteBuffer.allocate(8).putLong(contentCount + count).array());
        batch.put(c.meta, META_CONTENT_BYTES, ByteBuffer.allocate(8).putLong(contentBytes + bytes).array());
    }

    private void counted(long count, long bytes) {
        contentCount += count;
        contentBytes += bytes;
    }

    /** Stored content that no key references gets a fresh mark: its delay starts again from now. */
    private void markIfUnreferenced(WriteBatch batch, Sha256 hash) throws RocksDBException {
        if (!refs.isReferenced(hash)) {
            refs.mark(batch, hash, millis.getAsLong());
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

    /** Deletes the content and its mark, referenced or not; the bytes freed (0 if it was not stored). */
    long deleteContent(Sha256 hash) {
        synchronized (writeLock) {
            try {
                return deleteLocked(hash);
            } catch (RocksDBException e) {
                throw new StoreException("deleteContent", hash, e);
            }
        }
    }

    private long deleteLocked(Sha256 hash) throws RocksDBException {
        byte[] entry = indexEntry(hash);
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(c.unreferenced, hash.toBytes());
            long size = 0;
            if (entry != null) {
                ByteBuffer b = ByteBuffer.wrap(entry);
                byte[] contentId = new byte[16];
                b.get(contentId);
                size = b.getLong();
                int chunkCount = (int) ((size + CHUNK_BYTES - 1) / CHUNK_BYTES);
                batch.delete(c.contentIndex, hash.toBytes());
                batch.deleteRange(c.chunks, chunkKey(contentId, 0), chunkKey(contentId, chunkCount));
                counters(batch, -1, -size);
            }
            c.db.write(c.walOptions, batch);
            if (entry != null) {
                counted(-1, -size);
            }
            return size;
        }
    }

    /**
     * Deletes content marked unreferenced at least {@code delay} ago and still referenced by no
     * key. Walks the marks only (the garbage), a page at a time, and takes the write lock per
     * candidate, so record writes go on between deletions; under the lock it reads the mark and
     * the references again, so content a concurrent write references or re-stores is kept.
     */
    long collectGarbage(Duration delay) {
        long freed = 0;
        Sha256 after = null;
        try {
            while (true) {
                List<Sha256> page;
                synchronized (writeLock) {
                    if (closing) {
                        return freed;
                    }
                    page = refs.marked(after, 256);
                }
                if (page.isEmpty()) {
                    return freed;
                }
                for (Sha256 hash : page) {
                    beforeCandidate.accept(hash);
                    synchronized (writeLock) {
                        if (closing) {
                            return freed;
                        }
                        long since = refs.markOf(hash);
                        if (since < 0 || since > millis.getAsLong() - delay.toMillis()) {
                            continue;
                        }
                        if (refs.isReferenced(hash)) {
                            c.db.delete(c.unreferenced, c.walOptions, hash.toBytes()); // a stale mark
                        } else {
                            freed += deleteLocked(hash);
                        }
                    }
                }
                after = page.get(page.size() - 1);
            }
        } catch (RocksDBException e) {
            throw new StoreException("collectGarbage", "content unreferenced for " + delay, e);
        }
    }

    ContentUsage contentUsage() {
        synchronized (writeLock) {
            return new ContentUsage(contentCount, contentBytes);
        }
    }

    /**
     * Once, for a store written before references existed: counts the indexed content and marks the
     * content no key references (its delay starts now). Idempotent: a crash midway redoes it.
     */
    void rebuildUsageAndMarks() throws RocksDBException {
        long count = 0;
        long bytes = 0;
        long now = millis.getAsLong();
        synchronized (writeLock) {
            WriteBatch batch = new WriteBatch();
            try (RocksIterator it = c.db.newIterator(c.contentIndex)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    Sha256 hash = Sha256.fromBytes(it.key());
                    count++;
                    bytes += ByteBuffer.wrap(it.value(), 16, 8).getLong();
                    if (!refs.isReferenced(hash)) {
                        refs.mark(batch, hash, now);
                    }
                    if (batch.count() >= 10_000) {
                        c.db.write(c.walOptions, batch);
                        batch.close();
                        batch = new WriteBatch();
                    }
                }
                batch.put(c.meta, META_CONTENT_COUNT, ByteBuffer.allocate(8).putLong(count).array());
                batch.put(c.meta, META_CONTENT_BYTES, ByteBuffer.allocate(8).putLong(bytes).array());
                c.db.write(c.walOptions, batch);
            } finally {
                batch.close();
            }
            contentCount = count;
            contentBytes = bytes;
        }
    }

    /** How many chunks are stored (tests: nothing of an interrupted upload is left). */
    long chunkCount() {
        long n = 0;
        try (RocksIterator it = c.db.newIterator(c.chunks)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                n++;
            }
        }
        return n;
    }
}
