package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.Test;

/** --max-disk: cache copies give way first; only content this node must keep refuses uploads and makes it short. */
class DiskBudgetTest {

    private final EdgeWorld world = new EdgeWorld();
    private final AtomicLong disk = new AtomicLong();
    private final LruEdgeCache cache;

    DiskBudgetTest() {
        world.ranking.add(EdgeWorld.member(2)); // another member holds every key: what this node reads through is a cache copy
        world.ranking.add(world.me());
        cache = world.withCache(new LruEdgeCache(1_000, world.placement, Runnable::run));
    }

    private Sha256 cacheCopy(String tenBytes) {
        byte[] b = tenBytes.getBytes(StandardCharsets.US_ASCII);
        world.record(UUID.randomUUID(), b);
        Sha256 h = world.storeContent(b);
        cache.admit(h, b.length);
        return h;
    }

    @Test
    void noBudgetAlwaysHasRoom() {
        disk.set(Long.MAX_VALUE / 2);
        DiskBudget budget = new DiskBudget(0, disk::get, cache);
        assertThat(budget.makeRoom(1L << 40)).isTrue();
        assertThat(budget.isShort()).isFalse();
    }

    @Test
    void cacheCopiesAreEvictedToMakeRoomBeforeAnUploadIsRefused() {
        Sha256 a = cacheCopy("aaaaaaaaaa");
        Sha256 b = cacheCopy("bbbbbbbbbb");
        disk.set(100); // 80 bytes this node must keep, 20 of cache copies
        DiskBudget budget = new DiskBudget(100, disk::get, cache);
        assertThat(budget.makeRoom(10)).as("room made by evicting one copy").isTrue();
        assertThat(world.store.hasContent(a)).isFalse();
        assertThat(world.store.hasContent(b)).isTrue();
        disk.set(110); // the upload landed; compaction has not reclaimed the evicted copy yet
        assertThat(budget.makeRoom(10)).as("the evicted bytes count as freed: one more copy goes, not all").isTrue();
        assertThat(world.store.hasContent(b)).isFalse();
        disk.set(120);
        assertThat(budget.makeRoom(10)).as("nothing left to give way: refused").isFalse();
        assertThat(budget.isShort()).isFalse();
    }

    @Test
    void aNodeWhoseHeldContentExceedsTheBudgetSaysItIsShort() {
        disk.set(150);
        DiskBudget budget = new DiskBudget(100, disk::get, cache);
        assertThat(budget.isShort()).isTrue();
        assertThat(budget.status()).containsEntry("short", true).containsEntry("holderBytes", 150L)
                .containsKey("detail");
        assertThat(budget.makeRoom(0)).isFalse();
    }

    @Test
    void reclaimedBytesUseUpTheCredit() {
        cacheCopy("aaaaaaaaaa");
        disk.set(105);
        DiskBudget budget = new DiskBudget(100, disk::get, cache);
        assertThat(budget.makeRoom(0)).isTrue(); // evicts 10: counted as freed
        assertThat(budget.usedBytes()).isEqualTo(95);
        disk.set(95); // compaction reclaimed them
        assertThat(budget.usedBytes()).as("not freed twice").isEqualTo(95);
    }
}
