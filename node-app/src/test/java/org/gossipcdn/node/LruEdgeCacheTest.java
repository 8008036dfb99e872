package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.Test;

/** The cache rules: bounded in bytes, least recently used out first, cache copies only — never a holder's copy. */
class LruEdgeCacheTest {

    private final EdgeWorld world = new EdgeWorld();

    /** A 10-byte blob of {@code key}, stored here and recorded; this node does not hold it (another member ranks first). */
    private Sha256 cached(LruEdgeCache cache, UUID key, String tenBytes) {
        byte[] bytes = tenBytes.getBytes(StandardCharsets.US_ASCII);
        assertThat(bytes).hasSize(10);
        world.record(key, bytes);
        Sha256 hash = world.storeContent(bytes);
        assertThat(cache.admit(hash, bytes.length)).isTrue();
        return hash;
    }

    private LruEdgeCache cache(long capacity) {
        world.ranking.add(EdgeWorld.member(2)); // the holder of every key (R = 1)
        world.ranking.add(world.me());
        return world.withCache(new LruEdgeCache(capacity, world.placement, Runnable::run));
    }

    @Test
    void overCapacityTheLeastRecentlyUsedCopyIsEvictedAndDeleted() {
        LruEdgeCache cache = cache(25);
        Sha256 a = cached(cache, UUID.randomUUID(), "aaaaaaaaaa");
        Sha256 b = cached(cache, UUID.randomUUID(), "bbbbbbbbbb");
        cache.touch(a); // a was read last: b is now the least recently used
        Sha256 c = cached(cache, UUID.randomUUID(), "cccccccccc");
        assertThat(cache.contains(b)).isFalse();
        assertThat(world.store.hasContent(b)).as("evicted cache copy deleted").isFalse();
        assertThat(cache.contains(a)).isTrue();
        assertThat(cache.contains(c)).isTrue();
        assertThat(world.store.hasContent(a)).isTrue();
        assertThat(cache.usedBytes()).isEqualTo(20);
        assertThat(cache.evictions()).isEqualTo(1);
    }

    @Test
    void evictionNeverDeletesContentOfAKeyThisNodeHolds() {
        LruEdgeCache cache = cache(10);
        UUID held = UUID.randomUUID();
        Sha256 a = cached(cache, held, "aaaaaaaaaa");
        world.ranking.add(0, world.me()); // the view changed: this node now ranks first for every key
        Sha256 b = cached(cache, UUID.randomUUID(), "bbbbbbbbbb");
        assertThat(cache.contains(a)).as("evicted from the cache").isFalse();
        assertThat(world.store.hasContent(a)).as("but kept: it is a holder's copy now").isTrue();
        assertThat(world.store.hasContent(b)).isTrue();
    }

    @Test
    void aPinnedCopyIsNoLongerEvictableNorCountedAsCache() {
        LruEdgeCache cache = cache(20);
        Sha256 a = cached(cache, UUID.randomUUID(), "aaaaaaaaaa");
        cache.pin(a); // this node became a holder of a's key
        assertThat(cache.usedBytes()).isZero();
        cached(cache, UUID.randomUUID(), "bbbbbbbbbb");
        cached(cache, UUID.randomUUID(), "cccccccccc");
        cached(cache, UUID.randomUUID(), "dddddddddd");
        assertThat(world.store.hasContent(a)).isTrue();
        assertThat(cache.evictions()).isEqualTo(1);
    }

    @Test
    void contentLargerThanTheWholeCacheIsNotAdmitted() {
        LruEdgeCache cache = cache(9);
        world.record(UUID.randomUUID(), "aaaaaaaaaa".getBytes(StandardCharsets.US_ASCII));
        Sha256 a = world.storeContent("aaaaaaaaaa".getBytes(StandardCharsets.US_ASCII));
        assertThat(cache.admit(a, 10)).isFalse();
        assertThat(cache.contains(a)).isFalse();
        assertThat(new LruEdgeCache(0, world.placement, Runnable::run).admit(a, 10))
                .as("a cache of size 0 keeps nothing").isFalse();
    }

    @Test
    void evictFreesAtLeastWhatIsAskedOldestFirst() {
        LruEdgeCache cache = cache(100);
        Sha256 a = cached(cache, UUID.randomUUID(), "aaaaaaaaaa");
        Sha256 b = cached(cache, UUID.randomUUID(), "bbbbbbbbbb");
        Sha256 c = cached(cache, UUID.randomUUID(), "cccccccccc");
        assertThat(cache.evict(15)).isEqualTo(20);
        assertThat(world.store.hasContent(a)).isFalse();
        assertThat(world.store.hasContent(b)).isFalse();
        assertThat(world.store.hasContent(c)).isTrue();
        assertThat(cache.evict(1_000)).as("no more than there is").isEqualTo(10);
    }
}
