package org.gossipcdn.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.gossipcdn.core.antientropy.DigestTree;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.WriteBatch;

/**
 * What the RocksDB store adds to the contract's garbage-collection rules: marks and counters
 * survive a restart, uploads cut short by a crash are freed at open, re-stored content starts its
 * delay again, and a store written before references existed gets them at its first open.
 */
class RocksDbContentGcTest {

    private static final Duration DELAY = Duration.ofMinutes(10);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private Path dir;
    private RocksDbStore store;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory("gcdn-rocks-gc-");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (store != null) {
            store.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private RocksDbStore open() {
        return RocksDbStore.open(dir, FsyncPolicy.PROCESS_CRASH, 8L << 20, now::get);
    }

    private void reopen() {
        store.close();
        store = open();
    }

    private static byte[] bytes(int size, int seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private Store.StoredContent stored(byte[] b) throws IOException {
        return store.putContent(new ByteArrayInputStream(b), b.length);
    }

    private static KeyState referencing(UUID key, long wall, Store.StoredContent c) {
        return KeyState.of(new BlobRecord(key, new Version(new Hlc(wall, 0), new NodeId(0, 1)), false, c.hash(), c.size(),
                "application/octet-stream", CausalContext.EMPTY));
    }

    private void put(KeyState s) {
        store.put(s, DigestTree.leafOf(s.key()), new Digest(1, 1));
    }

    @Test
    void anUploadCutShortByACrashLeavesNoChunksAfterTheNextOpen() throws Exception {
        store = open();
        ChunkStore.Upload upload = store.chunks().begin();
        upload.write(bytes(ChunkStore.CHUNK_BYTES, 1));
        upload.write(bytes(ChunkStore.CHUNK_BYTES, 2));
        assertThat(store.chunks().chunkCount()).isEqualTo(2);
        reopen(); // the process died here: no index entry, no clean-up
        assertThat(store.chunks().chunkCount()).isZero();
        assertThat(store.contentUsage()).isEqualTo(new Store.ContentUsage(0, 0));
        // uploads after the restart are not touched by it
        Store.StoredContent big = stored(bytes(3 * ChunkStore.CHUNK_BYTES + 5, 3));
        reopen();
        assertThat(store.chunks().chunkCount()).isEqualTo(4);
        try (InputStream in = store.openContent(big.hash()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes(3 * ChunkStore.CHUNK_BYTES + 5, 3));
        }
    }

    @Test
    void contentNeverReferencedIsFreedAfterTheDelayEvenAcrossARestart() throws IOException {
        store = open();
        Store.StoredContent small = stored(bytes(100, 4));
        Store.StoredContent big = stored(bytes(2 * ChunkStore.CHUNK_BYTES + 1, 5));
        reopen();
        assertThat(store.contentUsage()).isEqualTo(new Store.ContentUsage(2, small.size() + big.size()));
        now.addAndGet(DELAY.toMillis() - 1);
        assertThat(store.collectGarbage(DELAY)).isZero();
        now.addAndGet(1);
        assertThat(store.collectGarbage(DELAY)).isEqualTo(small.size() + big.size());
        assertThat(store.hasContent(small.hash())).isFalse();
        assertThat(store.hasContent(big.hash())).isFalse();
        assertThat(store.chunks().chunkCount()).isZero();
        reopen();
        assertThat(store.contentUsage()).isEqualTo(new Store.ContentUsage(0, 0));
    }

    @Test
    void contentStoredAgainStartsItsDelayAgain() throws IOException {
        store = open();
        byte[] b = bytes(3 * ChunkStore.CHUNK_BYTES, 6);
        Store.StoredContent c = stored(b);
        now.addAndGet(DELAY.toMillis());
        stored(b); // an upload of the same bytes, about to be committed as a record
        assertThat(store.collectGarbage(DELAY)).isZero();
        assertThat(store.hasContent(c.hash())).isTrue();
        assertThat(store.contentUsage()).isEqualTo(new Store.ContentUsage(1, b.length));
        assertThat(store.chunks().chunkCount()).isEqualTo(3); // the duplicate's chunks were dropped
        put(referencing(new UUID(0, 1), 100, c));
        now.addAndGet(DELAY.toMillis());
        assertThat(store.collectGarbage(DELAY)).isZero();
        try (InputStream in = store.openContent(c.hash()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(b);
        }
    }

    @Test
    void overwritingAKeyAHundredTimesLeavesOneBlobOfContentAfterTheDelay() throws IOException {
        store = open();
        UUID key = new UUID(0, 7);
        long last = 0;
        for (int i = 0; i < 100; i++) {
            Store.StoredContent c = stored(bytes(10_000, 100 + i));
            put(referencing(key, 100 + i, c));
            last = c.size();
            now.addAndGet(1000);
        }
        assertThat(store.contentUsage().count()).isEqualTo(100);
        now.addAndGet(DELAY.toMillis());
        assertThat(store.collectGarbage(DELAY)).isEqualTo(99 * 10_000L);
        assertThat(store.contentUsage()).isEqualTo(new Store.ContentUsage(1, last));
    }

    @Test
    void aStoreWrittenBeforeReferencesGetsThemAtItsFirstOpen() throws Exception {
        UUID kept = new UUID(0, 8);
        UUID other = new UUID(0, 9);
        byte[] referenced = bytes(50, 8);
        byte[] bigReferenced = bytes(ChunkStore.CHUNK_BYTES + 10, 10);
        byte[] garbage = bytes(70, 9);
        // write as the previous build did: records and content, no references, no marks, no counters, no layout
        try (Columns old = new Columns(dir.toString(), FsyncPolicy.PROCESS_CRASH, 8L << 20)) {
            oldContent(old, referenced, 0); // a single-chunk id taken from the hash, as the old build did
            oldContent(old, bigReferenced, 2);
            oldContent(old, garbage, 1);
            oldRecord(old, KeyState.of(record(kept, Sha256.of(referenced), referenced.length)));
            oldRecord(old, KeyState.of(record(other, Sha256.of(bigReferenced), bigReferenced.length)));
            // an upload that older build never finished: chunks under an id no index entry names
            byte[] orphanId = ByteBuffer.allocate(16).putLong(42).putLong(1).array();
            old.db.put(old.chunks, ChunkStore.chunkKey(orphanId, 0), bytes(ChunkStore.CHUNK_BYTES, 13));
            old.db.put(old.chunks, ChunkStore.chunkKey(orphanId, 1), bytes(100, 14));
        }
        store = open();
        assertThat(store.chunks().chunkCount()).isEqualTo(4); // referenced 1 + bigReferenced 2 + garbage 1
        assertThat(store.referrers(Sha256.of(referenced), 10)).containsExactly(kept);
        assertThat(store.referrers(Sha256.of(bigReferenced), 10)).containsExactly(other);
        assertThat(store.contentUsage()).isEqualTo(
                new Store.ContentUsage(3, referenced.length + bigReferenced.length + garbage.length));
        assertThat(store.collectGarbage(Duration.ofMillis(1))).isZero(); // the delay starts at the upgrade
        now.addAndGet(DELAY.toMillis());
        reopen(); // upgraded once: the marks keep their time
        assertThat(store.collectGarbage(DELAY)).isEqualTo(garbage.length);
        assertThat(store.hasContent(Sha256.of(referenced))).isTrue();
        assertThat(store.hasContent(Sha256.of(bigReferenced))).isTrue();
        // and the references keep working: overwrite the key, the old content goes after the delay
        Store.StoredContent next = stored(bytes(30, 11));
        put(referencing(kept, 5_000, next));
        now.addAndGet(DELAY.toMillis());
        assertThat(store.collectGarbage(DELAY)).isEqualTo(referenced.length);
    }

    @Test
    void diskBytesCountsTheContentOnDisk() throws IOException {
        store = open();
        long empty = store.diskBytes();
        stored(bytes(2 * ChunkStore.CHUNK_BYTES, 12));
        assertThat(store.diskBytes()).isGreaterThanOrEqualTo(empty + 2L * ChunkStore.CHUNK_BYTES);
    }

    @Test
    void aWriteBetweenFindingGarbageAndDeletingItKeepsTheContent() throws IOException {
        store = open();
        Store.StoredContent c = stored(bytes(3 * ChunkStore.CHUNK_BYTES, 15));
        Store.StoredContent small = stored(bytes(10, 16));
        now.addAndGet(DELAY.toMillis());
        UUID key = new UUID(0, 15);
        // the collector has read both marks; before it deletes, a record referencing each commits
        store.chunks().beforeCandidate = hash -> {
            if (hash.equals(c.hash())) {
                put(referencing(key, 100, c));
            } else {
                put(referencing(new UUID(0, 16), 100, small));
            }
        };
        assertThat(store.collectGarbage(DELAY)).isZero();
        assertThat(store.hasContent(c.hash())).isTrue();
        assertThat(store.hasContent(small.hash())).isTrue();
        store.chunks().beforeCandidate = hash -> { };
        now.addAndGet(DELAY.toMillis());
        assertThat(store.collectGarbage(DELAY)).isZero(); // the writes took the marks away
    }

    @Test
    void compactingAfterCollectionGivesTheDiskBack() throws IOException {
        store = open();
        for (int i = 0; i < 8; i++) {
            stored(bytes(ChunkStore.CHUNK_BYTES, 20 + i));
        }
        store.compactContent(); // into blob files, and the WAL holding them is gone
        long full = store.diskBytes();
        assertThat(full).isGreaterThanOrEqualTo(8L * ChunkStore.CHUNK_BYTES);
        now.addAndGet(DELAY.toMillis());
        assertThat(store.collectGarbage(DELAY)).isEqualTo(8L * ChunkStore.CHUNK_BYTES);
        store.compactContent();
        assertThat(store.diskBytes()).isLessThan(ChunkStore.CHUNK_BYTES);
    }

    private static BlobRecord record(UUID key, Sha256 hash, long size) {
        return new BlobRecord(key, new Version(new Hlc(100, 0), new NodeId(0, 1)), false, hash, size, "text/plain",
                CausalContext.EMPTY);
    }

    private static void oldRecord(Columns c, KeyState s) throws Exception {
        c.db.put(c.records, RecordTable.recordKey(Store.leafOf(s.key()), s.key()), KeyStateCodec.encode(s));
    }

    private static void oldContent(Columns c, byte[] b, int idSeed) throws Exception {
        byte[] id = Arrays.copyOf(Sha256.of(b).toBytes(), 16);
        id[15] ^= (byte) idSeed;
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i * ChunkStore.CHUNK_BYTES < b.length; i++) {
                batch.put(c.chunks, ChunkStore.chunkKey(id, i),
                        Arrays.copyOfRange(b, i * ChunkStore.CHUNK_BYTES, Math.min(b.length, (i + 1) * ChunkStore.CHUNK_BYTES)));
            }
            batch.put(c.contentIndex, Sha256.of(b).toBytes(), ByteBuffer.allocate(24).put(id).putLong(b.length).array());
            c.db.write(c.walOptions, batch);
        }
    }
}
