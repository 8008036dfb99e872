package org.gossipcdn.storage;

import java.io.IOException;
import java.io.InputStream;
import org.rocksdb.RocksDBException;

/** Reads [position, end) of one stored content, one chunk in memory at a time. */
final class ChunkStream extends InputStream {

    private final Columns c;
    private final byte[] contentId;
    private long position;
    private final long end;
    private byte[] chunk;
    private int chunkNo = -1;

    ChunkStream(Columns columns, byte[] contentId, long from, long end) {
        this.c = columns;
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
        int wanted = (int) (position / ChunkStore.CHUNK_BYTES);
        if (wanted != chunkNo) {
            try {
                chunk = c.db.get(c.chunks, ChunkStore.chunkKey(contentId, wanted));
            } catch (RocksDBException e) {
                throw new IOException("reading chunk " + wanted + " failed: " + e.getMessage(), e);
            }
            if (chunk == null) {
                throw new IOException("chunk " + wanted + " of stored content is missing");
            }
            chunkNo = wanted;
        }
        int inChunk = (int) (position % ChunkStore.CHUNK_BYTES);
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
