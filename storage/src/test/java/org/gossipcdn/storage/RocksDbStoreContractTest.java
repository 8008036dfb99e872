package org.gossipcdn.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.antientropy.DigestTree;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.spi.StoreContract;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared Store suite on RocksDB, plus what only a disk store must do: survive a reopen. */
class RocksDbStoreContractTest extends StoreContract {

    private Path dir;

    @Override
    protected Store newStore() throws IOException {
        dir = Files.createTempDirectory("gcdn-rocks-");
        return RocksDbStore.open(dir, FsyncPolicy.PROCESS_CRASH);
    }

    @AfterEach
    void deleteDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void everythingSurvivesAReopen() throws IOException {
        UUID key = new UUID(7, 8);
        KeyState s = state(key, 100, 1);
        store.put(s, DigestTree.leafOf(key), new Digest(1, 2));
        Store.StoredContent c = store.putContent(new ByteArrayInputStream("hello".getBytes()), 100);
        store.putMeta("m", new byte[] {9});
        store.close();
        store = RocksDbStore.open(dir, FsyncPolicy.PROCESS_CRASH);
        assertThat(store.get(key)).contains(s);
        assertThat(store.keyCount()).isEqualTo(1);
        assertThat(store.leafDigest(DigestTree.leafOf(key))).isEqualTo(new Digest(1, 2));
        try (InputStream in = store.openContent(c.hash()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo("hello".getBytes());
        }
        assertThat(store.meta("m")).hasValueSatisfying(v -> assertThat(v).containsExactly(9));
    }

    @Test
    void aStoreWrittenBeforeTheKeysIndexGetsItAtOpen() throws Exception {
        List<UUID> written = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            UUID key = new UUID(i * 0x1234_5678_9abcL, -i);
            written.add(key);
            store.put(state(key, 100, i), DigestTree.leafOf(key), new Digest(0, i + 1));
        }
        store.close();
        // what an older version left on disk: no "keys" column family, no marker
        List<org.rocksdb.ColumnFamilyDescriptor> cfs = new ArrayList<>();
        for (byte[] name : org.rocksdb.RocksDB.listColumnFamilies(new org.rocksdb.Options(), dir.toString())) {
            cfs.add(new org.rocksdb.ColumnFamilyDescriptor(name));
        }
        List<org.rocksdb.ColumnFamilyHandle> handles = new ArrayList<>();
        try (org.rocksdb.DBOptions o = new org.rocksdb.DBOptions();
             org.rocksdb.RocksDB raw = org.rocksdb.RocksDB.open(o, dir.toString(), cfs, handles)) {
            for (int i = 0; i < cfs.size(); i++) {
                String name = new String(cfs.get(i).getName());
                if (name.equals("meta")) {
                    raw.delete(handles.get(i), "keys-indexed".getBytes());
                } else if (name.equals("keys")) {
                    raw.dropColumnFamily(handles.get(i));
                }
            }
            handles.forEach(org.rocksdb.ColumnFamilyHandle::close);
        }
        store = RocksDbStore.open(dir, FsyncPolicy.PROCESS_CRASH);
        assertThat(store.statesAfter(java.util.Optional.empty(), 1000)).extracting(KeyState::key)
                .containsExactlyElementsOf(written.stream().sorted(Comparator.comparing(UUID::toString)).toList());
    }

    @Test
    void powerLossStoresAcknowledgeEveryWriteOnceSyncedAndKeepThem() throws Exception {
        store.close();
        store = RocksDbStore.open(dir, FsyncPolicy.POWER_LOSS);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            UUID key = new UUID(1, i);
            store.put(state(key, 100 + i, 1), DigestTree.leafOf(key), new Digest(i, 1));
            acks.add(store.durable());
        }
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        store.close();
        store = RocksDbStore.open(dir, FsyncPolicy.POWER_LOSS);
        assertThat(store.keyCount()).isEqualTo(200);
    }

    @Test
    void concurrentUploadsOfTheSameSmallContentStoreOneReadableCopy() throws Exception {
        byte[] bytes = "the same bytes from eight clients at once".getBytes();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Store.StoredContent>> uploads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                uploads.add(pool.submit(() -> store.putContent(new ByteArrayInputStream(bytes), 1000)));
            }
            for (Future<Store.StoredContent> upload : uploads) {
                Store.StoredContent c = upload.get(30, TimeUnit.SECONDS);
                assertThat(c.size()).isEqualTo(bytes.length);
                try (InputStream in = store.openContent(c.hash()).orElseThrow()) {
                    assertThat(in.readAllBytes()).isEqualTo(bytes);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theCodecRoundTripsEveryField() throws Exception {
        KeyState s = state(new UUID(-1, Long.MIN_VALUE), 1_700_000_000_000L, 3);
        assertThat(KeyStateCodec.decode(KeyStateCodec.encode(s))).isEqualTo(s);
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] pub = pair.getPublic().getEncoded();
        UUID key = new UUID(3, 4);
        Version v = new Version(new Hlc(1_700_000_000_000L, 2), OwnerSignature.ownerId(pub));
        OwnerSignature sig = OwnerSignature.sign(pair.getPrivate(), pub, key, v, false, Sha256.of(new byte[] {1}), 1,
                "text/plain", CausalContext.EMPTY, v);
        KeyState signed = KeyState.of(new BlobRecord(key, v, false, Sha256.of(new byte[] {1}), 1, "text/plain",
                CausalContext.EMPTY, sig));
        KeyState decoded = KeyStateCodec.decode(KeyStateCodec.encode(signed));
        assertThat(decoded).isEqualTo(signed);
        assertThat(decoded.winner().owner().verifies(decoded.winner())).isTrue();
    }
}
