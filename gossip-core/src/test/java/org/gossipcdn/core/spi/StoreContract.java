package org.gossipcdn.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.gossipcdn.core.spi.Digest;
import org.gossipcdn.core.antientropy.DigestTree;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Store} must do, written once and run on each implementation
 * ({@code InMemoryStoreContractTest}, {@code RocksDbStoreContractTest}). Ships in gossip-core's test-jar.
 */
public abstract class StoreContract {

    protected Store store;

    /** A new, empty store. */
    protected abstract Store newStore() throws IOException;

    @BeforeEach
    void open() throws IOException {
        store = newStore();
    }

    @AfterEach
    void close() {
        store.close();
    }

    protected static KeyState state(UUID key, long wall, int content) {
        BlobRecord r = new BlobRecord(key, new Version(new Hlc(wall, 0), new NodeId(0, 1)), false,
                Sha256.of(new byte[] {(byte) content}), 1, "text/plain",
                CausalContext.of(java.util.Map.of(new NodeId(0, 2), new Hlc(wall - 1, 3))));
        return KeyState.of(r);
    }

    @Test
    void putThenGetReturnsTheSameState() {
        UUID key = new UUID(1, 2);
        KeyState s = state(key, 100, 1);
        int leaf = DigestTree.leafOf(key);
        store.put(s, leaf, new Digest(5, 6));
        assertThat(store.get(key)).contains(s);
        assertThat(store.leafDigest(leaf)).isEqualTo(new Digest(5, 6));
        assertThat(store.keyCount()).isEqualTo(1);
        assertThat(store.get(new UUID(9, 9))).isEmpty();
    }

    @Test
    void removeDropsTheKeyAndSetsItsLeaf() {
        UUID key = new UUID(1, 2);
        int leaf = DigestTree.leafOf(key);
        store.put(state(key, 100, 1), leaf, new Digest(5, 6));
        store.remove(key, leaf, Digest.ZERO);
        assertThat(store.get(key)).isEmpty();
        assertThat(store.leafDigest(leaf)).isEqualTo(Digest.ZERO);
        assertThat(store.keyCount()).isZero();
        List<Integer> nonZero = new ArrayList<>();
        store.forEachLeafDigest((l, d) -> nonZero.add(l));
        assertThat(nonZero).isEmpty();
    }

    @Test
    void leafStatesListTheKeysOfOneLeafInKeyOrder() {
        Random random = new Random(3);
        List<UUID> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            UUID key = new UUID(random.nextLong(), random.nextLong());
            keys.add(key);
            store.put(state(key, 100 + i, i), DigestTree.leafOf(key), new Digest(0, i + 1));
        }
        UUID probe = keys.get(17);
        int leaf = DigestTree.leafOf(probe);
        List<UUID> expected = keys.stream().filter(k -> DigestTree.leafOf(k) == leaf).sorted().toList();
        assertThat(store.leafStates(leaf)).extracting(KeyState::key).containsExactlyElementsOf(expected);
        List<Integer> leaves = new ArrayList<>();
        store.forEachLeafDigest((l, d) -> leaves.add(l));
        assertThat(leaves).isSorted().contains(leaf);
    }

    @Test
    void statesAfterListsKeysInTheOrderOfTheirTextInBoundedPages() {
        Random random = new Random(11);
        List<UUID> keys = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            UUID key = new UUID(random.nextLong(), random.nextLong()); // both halves' signs vary
            keys.add(key);
            store.put(state(key, 100 + i, i), DigestTree.leafOf(key), new Digest(0, i + 1));
        }
        List<UUID> byText = keys.stream().sorted(java.util.Comparator.comparing(UUID::toString)).toList();
        assertThat(store.statesAfter(java.util.Optional.empty(), 7)).extracting(KeyState::key)
                .containsExactlyElementsOf(byText.subList(0, 7));
        assertThat(store.statesAfter(java.util.Optional.of(byText.get(99)), 3)).extracting(KeyState::key)
                .containsExactlyElementsOf(byText.subList(100, 103));
        assertThat(store.statesAfter(java.util.Optional.of(byText.get(499)), 3)).isEmpty();
        UUID absent = new UUID(0x8000_0000_0000_0000L, 0); // between keys: the page starts at the next stored one
        assertThat(store.statesAfter(java.util.Optional.of(absent), 1)).extracting(KeyState::key)
                .containsExactly(byText.stream().filter(k -> k.toString().compareTo(absent.toString()) > 0).findFirst().orElseThrow());
        assertThat(store.statesAfter(java.util.Optional.empty(), 1).get(0)).isEqualTo(store.get(byText.get(0)).orElseThrow());
        assertThatThrownBy(() -> store.statesAfter(java.util.Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pagingThroughTenThousandKeysWhileWritesGoOnSeesEachOnceAndMissesNone() throws Exception {
        Random random = new Random(12);
        java.util.Set<UUID> initial = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID key = new UUID(random.nextLong(), random.nextLong());
            initial.add(key);
            store.put(state(key, 100, i), DigestTree.leafOf(key), new Digest(0, i + 1));
        }
        List<UUID> initialList = List.copyOf(initial);
        java.util.concurrent.atomic.AtomicBoolean paging = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<Integer> writes = writer.submit(() -> {
            Random w = new Random(13);
            int n = 0;
            List<UUID> added = new ArrayList<>();
            while (paging.get() || n < 100) {
                UUID fresh = new UUID(w.nextLong(), w.nextLong()); // new keys, some later removed again
                store.put(state(fresh, 200, n), DigestTree.leafOf(fresh), new Digest(1, n + 1));
                added.add(fresh);
                UUID old = initialList.get(w.nextInt(initialList.size())); // a newer version of a listed key
                store.put(state(old, 300 + n, n), DigestTree.leafOf(old), new Digest(2, n + 1));
                if (n % 3 == 0) {
                    UUID gone = added.remove(w.nextInt(added.size()));
                    store.remove(gone, DigestTree.leafOf(gone), new Digest(3, n + 1));
                }
                n++;
                writing.countDown();
            }
            return n;
        });
        List<UUID> seen = new ArrayList<>();
        try {
            writing.await();
            java.util.Optional<UUID> after = java.util.Optional.empty();
            for (List<KeyState> page; !(page = store.statesAfter(after, 97)).isEmpty(); ) {
                assertThat(page).hasSizeLessThanOrEqualTo(97);
                page.forEach(s -> seen.add(s.key()));
                after = java.util.Optional.of(page.get(page.size() - 1).key());
            }
        } finally {
            paging.set(false);
            assertThat(writes.get()).as("writes made while paging").isPositive();
            writer.shutdown();
        }
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(seen).extracting(UUID::toString).isSorted();
        assertThat(seen).containsAll(initial);
    }

    @Test
    void contentIsAddressedByItsHashAndReadBackInRanges() throws IOException {
        byte[] bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(4).nextBytes(bytes);
        Store.StoredContent stored = store.putContent(new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        assertThat(stored.hash()).isEqualTo(Sha256.of(bytes));
        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(store.hasContent(stored.hash())).isTrue();
        assertThat(store.contentSize(stored.hash())).contains((long) bytes.length);
        try (InputStream in = store.openContent(stored.hash()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        long offset = 1024 * 1024 - 5;
        try (InputStream in = store.openContent(stored.hash(), offset, 2 * 1024 * 1024).orElseThrow()) {
            byte[] expected = java.util.Arrays.copyOfRange(bytes, (int) offset, (int) offset + 2 * 1024 * 1024);
            assertThat(in.readAllBytes()).isEqualTo(expected);
        }
        try (InputStream in = store.openContent(stored.hash(), bytes.length - 3, 100).orElseThrow()) {
            assertThat(in.readAllBytes()).hasSize(3);
        }
    }

    @Test
    void storingTheSameContentTwiceKeepsOneCopy() throws IOException {
        byte[] bytes = "same".getBytes();
        Store.StoredContent a = store.putContent(new ByteArrayInputStream(bytes), 100);
        Store.StoredContent b = store.putContent(new ByteArrayInputStream(bytes), 100);
        assertThat(a).isEqualTo(b);
        try (InputStream in = store.openContent(a.hash()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void emptyContentIsAlwaysPresent() throws IOException {
        assertThat(store.hasContent(Sha256.EMPTY)).isTrue();
        try (InputStream in = store.openContent(Sha256.EMPTY).orElseThrow()) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(store.putContent(new ByteArrayInputStream(new byte[0]), 0).hash()).isEqualTo(Sha256.EMPTY);
    }

    @Test
    void contentOverTheLimitIsRefusedAndNotKept() {
        byte[] bytes = new byte[5000];
        assertThatThrownBy(() -> store.putContent(new ByteArrayInputStream(bytes), 4999))
                .isInstanceOf(Store.ContentTooLargeException.class);
        assertThat(store.hasContent(Sha256.of(bytes))).isFalse();
    }

    @Test
    void missingContentIsEmpty() {
        assertThat(store.hasContent(Sha256.of(new byte[] {1}))).isFalse();
        assertThat(store.openContent(Sha256.of(new byte[] {1}))).isEmpty();
        assertThat(store.contentSize(Sha256.of(new byte[] {1}))).isEmpty();
    }

    @Test
    void metaRoundTrips() {
        assertThat(store.meta("x")).isEmpty();
        store.putMeta("x", new byte[] {1, 2});
        assertThat(store.meta("x")).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2));
    }

    // ---- content references and garbage collection -----------------------------------------

    private Store.StoredContent stored(byte[] bytes) throws IOException {
        return store.putContent(new ByteArrayInputStream(bytes), bytes.length);
    }

    private static KeyState referencing(UUID key, long wall, Sha256 hash, long size) {
        return KeyState.of(new BlobRecord(key, new Version(new Hlc(wall, 0), new NodeId(0, 1)), false, hash, size,
                "text/plain", CausalContext.EMPTY));
    }

    private void put(KeyState s) {
        store.put(s, DigestTree.leafOf(s.key()), new Digest(1, 1));
    }

    @Test
    void contentIsReferencedByTheKeysWhoseKeptVersionsNameIt() throws IOException {
        Store.StoredContent c = stored(new byte[] {7, 7, 7});
        UUID a = new UUID(0, 1);
        UUID b = new UUID(0, 2);
        put(referencing(b, 100, c.hash(), c.size()));
        put(referencing(a, 100, c.hash(), c.size()));
        assertThat(store.referrers(c.hash(), 10)).containsExactly(a, b);
        assertThat(store.referrers(c.hash(), 1)).containsExactly(a);
        put(referencing(a, 200, Sha256.of(new byte[] {1}), 1)); // a overwritten
        assertThat(store.referrers(c.hash(), 10)).containsExactly(b);
        store.remove(b, DigestTree.leafOf(b), Digest.ZERO);
        assertThat(store.referrers(c.hash(), 10)).isEmpty();
    }

    @Test
    void aKeptLoserKeepsItsContentReferenced() throws IOException {
        Store.StoredContent older = stored(new byte[] {1, 2});
        Store.StoredContent newer = stored(new byte[] {3, 4});
        UUID key = new UUID(0, 9);
        BlobRecord x = new BlobRecord(key, new Version(new Hlc(100, 0), new NodeId(0, 1)), false, older.hash(), 2,
                "text/plain", CausalContext.EMPTY);
        BlobRecord y = new BlobRecord(key, new Version(new Hlc(101, 0), new NodeId(0, 2)), false, newer.hash(), 2,
                "text/plain", CausalContext.EMPTY);
        put(KeyState.of(x).merge(y, 8)); // concurrent: y wins, x is a kept loser
        assertThat(store.referrers(older.hash(), 10)).containsExactly(key);
        assertThat(store.referrers(newer.hash(), 10)).containsExactly(key);
        assertThat(store.collectGarbage(java.time.Duration.ZERO)).isZero();
        assertThat(store.hasContent(older.hash())).isTrue();
    }

    @Test
    void garbageIsContentNoKeptVersionReferencesAfterTheDelay() throws IOException {
        Store.StoredContent first = stored(new byte[] {1, 1, 1, 1});
        Store.StoredContent second = stored(new byte[] {2, 2});
        Store.StoredContent neverReferenced = stored(new byte[] {3});
        UUID key = new UUID(0, 3);
        put(referencing(key, 100, first.hash(), first.size()));
        put(referencing(key, 200, second.hash(), second.size())); // overwrite: first is unreferenced now
        assertThat(store.collectGarbage(java.time.Duration.ofHours(1))).isZero();
        assertThat(store.hasContent(first.hash())).isTrue();
        assertThat(store.collectGarbage(java.time.Duration.ZERO)).isEqualTo(first.size() + neverReferenced.size());
        assertThat(store.hasContent(first.hash())).isFalse();
        assertThat(store.hasContent(neverReferenced.hash())).isFalse();
        assertThat(store.hasContent(second.hash())).isTrue();
        assertThat(store.contentUsage()).isEqualTo(new Store.ContentUsage(1, 2));
    }

    @Test
    void contentReferencedAgainIsNotGarbage() throws IOException {
        Store.StoredContent c = stored(new byte[] {5, 5});
        UUID key = new UUID(0, 4);
        put(referencing(key, 100, c.hash(), c.size()));
        store.remove(key, DigestTree.leafOf(key), Digest.ZERO);
        put(referencing(new UUID(0, 5), 100, c.hash(), c.size()));
        assertThat(store.collectGarbage(java.time.Duration.ZERO)).isZero();
        assertThat(store.hasContent(c.hash())).isTrue();
    }

    @Test
    void deletedContentIsGoneButItsRecordStays() throws IOException {
        Store.StoredContent c = stored(new byte[] {9, 9, 9});
        UUID key = new UUID(0, 6);
        put(referencing(key, 100, c.hash(), c.size()));
        assertThat(store.contentUsage()).isEqualTo(new Store.ContentUsage(1, 3));
        store.deleteContent(c.hash());
        store.deleteContent(c.hash()); // twice is fine
        store.deleteContent(Sha256.EMPTY);
        assertThat(store.hasContent(c.hash())).isFalse();
        assertThat(store.openContent(c.hash())).isEmpty();
        assertThat(store.hasContent(Sha256.EMPTY)).isTrue();
        assertThat(store.get(key)).isPresent();
        assertThat(store.referrers(c.hash(), 10)).containsExactly(key);
        assertThat(store.contentUsage()).isEqualTo(new Store.ContentUsage(0, 0));
        // stored again (a holder fetching it back) it is referenced as before
        stored(new byte[] {9, 9, 9});
        assertThat(store.collectGarbage(java.time.Duration.ZERO)).isZero();
        assertThat(store.hasContent(c.hash())).isTrue();
    }
}
