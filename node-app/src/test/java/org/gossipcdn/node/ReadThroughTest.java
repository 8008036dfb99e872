package org.gossipcdn.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Sha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Read-through at a node that lacks a blob's content: sources in score order, verified, one fetch per content. */
class ReadThroughTest {

    private final EdgeWorld world = new EdgeWorld();
    private final Member holder = EdgeWorld.member(2);
    private final Member other = EdgeWorld.member(3);
    private final LruEdgeCache cache = world.withCache(new LruEdgeCache(1 << 20, world.placement, Runnable::run));
    private final ReadThrough readThrough = new ReadThrough(world.store, world.transport, world.placement, cache, n -> true,
            world.metrics, Duration.ofSeconds(5), Duration.ofSeconds(30));
    private ExecutorService pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The holder ranks first, then this node, then another member; R = 1. */
    private BlobRecord coldBlobHeldBy(Member... with) {
        world.ranking.addAll(List.of(holder, world.me(), other));
        byte[] content = bytes(5_000, 7);
        BlobRecord r = world.record(UUID.randomUUID(), content);
        for (Member m : with) {
            world.transport.holds(m, r.contentHash(), content);
        }
        return r;
    }

    @Test
    void aMissFetchesFromTheHolderStoresAndCachesAndTheNextReadIsAHit() throws Exception {
        BlobRecord r = coldBlobHeldBy(holder);
        try (ReadThrough.Lease lease = readThrough.fetch(r.key(), r.contentHash(), r.size(), null)) {
            assertThat(lease.streamed()).isFalse();
        }
        assertThat(world.store.hasContent(r.contentHash())).isTrue();
        assertThat(cache.contains(r.contentHash())).as("a cache copy: this node is not a holder").isTrue();
        assertThat(world.transport.asked).containsExactly(holder.address());
        try (ReadThrough.Lease lease = readThrough.fetch(r.key(), r.contentHash(), r.size(), null)) {
            assertThat(lease.streamed()).isFalse();
        }
        assertThat(world.transport.fetches.get()).as("the second read is a hit").isEqualTo(1);
    }

    @Test
    void aHolderThatFailsIsFollowedByTheOtherMembersInScoreOrderNeverThisNode() throws Exception {
        BlobRecord r = coldBlobHeldBy(other);
        readThrough.fetch(r.key(), r.contentHash(), r.size(), null).close();
        assertThat(world.transport.asked).containsExactly(holder.address(), other.address());
        assertThat(world.store.hasContent(r.contentHash())).isTrue();
    }

    @Test
    void contentWhoseHashDiffersIsNotUsedAndTheNextSourceIsTried() throws Exception {
        BlobRecord r = coldBlobHeldBy(other);
        world.transport.holds(holder, r.contentHash(), bytes(5_000, 8)); // a faulty holder sends other bytes
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        ClientTee tee = new ClientTee(client);
        try (ReadThrough.Lease lease = readThrough.fetch(r.key(), r.contentHash(), r.size(), tee)) {
            assertThat(lease.streamed()).isTrue();
        }
        assertThat(Sha256.of(client.toByteArray())).as("the client got the right bytes only").isEqualTo(r.contentHash());
        assertThat(world.transport.asked).containsExactly(holder.address(), other.address());
    }

    @Test
    void whenNoSourceHasItTheReadIsUnavailableWithEachSourcesReason() {
        BlobRecord r = coldBlobHeldBy();
        assertThatThrownBy(() -> readThrough.fetch(r.key(), r.contentHash(), r.size(), null))
                .isInstanceOf(ReadThrough.Unavailable.class)
                .hasMessageContaining(holder.address().toString())
                .hasMessageContaining(other.address().toString())
                .hasMessageContaining("connection refused");
        assertThat(world.store.hasContent(r.contentHash())).isFalse();
    }

    @Test
    void aClientStreamOfWrongContentIsNeverCompleted() throws Exception {
        world.ranking.addAll(List.of(holder, world.me()));
        byte[] content = bytes(200_000, 9);
        BlobRecord r = world.record(UUID.randomUUID(), content);
        byte[] wrong = content.clone();
        wrong[wrong.length - 1] ^= 1; // the last byte differs
        world.transport.holds(holder, r.contentHash(), wrong);
        ByteArrayOutputStream client = new ByteArrayOutputStream();
        ClientTee tee = new ClientTee(client);
        assertThatThrownBy(() -> readThrough.fetch(r.key(), r.contentHash(), r.size(), tee))
                .isInstanceOf(ReadThrough.Unavailable.class).hasMessageContaining("hash");
        assertThat(tee.started()).as("bytes went out before the mismatch showed: the caller fails the connection").isTrue();
        assertThat(client.size()).as("the last chunk, held back, never went out").isLessThan(content.length);
    }

    @Test
    void aReadAtAHolderThatLacksTheContentKeepsItAsAHoldersCopy() throws Exception {
        world.ranking.addAll(List.of(world.me(), holder));
        byte[] content = bytes(1_000, 10);
        BlobRecord r = world.record(UUID.randomUUID(), content);
        world.transport.holds(holder, r.contentHash(), content);
        readThrough.fetch(r.key(), r.contentHash(), r.size(), null).close();
        assertThat(world.store.hasContent(r.contentHash())).isTrue();
        assertThat(cache.contains(r.contentHash())).as("pinned, not an evictable cache copy").isFalse();
    }

    @Test
    void contentTooLargeToKeepIsDeletedOnceItsLastReaderIsDone() throws Exception {
        LruEdgeCache tiny = world.withCache(new LruEdgeCache(10, world.placement, Runnable::run));
        ReadThrough through = new ReadThrough(world.store, world.transport, world.placement, tiny, n -> true, world.metrics,
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        BlobRecord r = coldBlobHeldBy(holder);
        try (ReadThrough.Lease lease = through.fetch(r.key(), r.contentHash(), r.size(), null)) {
            assertThat(world.store.hasContent(r.contentHash())).as("there while it is served").isTrue();
        }
        assertThat(world.store.hasContent(r.contentHash())).isFalse();
    }

    @Test
    void aHundredConcurrentMissesOfOneColdBlobCauseExactlyOneFetch() throws Exception {
        BlobRecord r = coldBlobHeldBy(holder);
        world.transport.gate = new CompletableFuture<>(); // the holder answers only once every reader is waiting
        pool = Executors.newFixedThreadPool(100);
        List<Future<Boolean>> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            reads.add(pool.submit(() -> {
                try (ReadThrough.Lease lease = readThrough.fetch(r.key(), r.contentHash(), r.size(), null)) {
                    return world.store.hasContent(r.contentHash());
                }
            }));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> world.metrics.registry()
                .get("gcdn_edge_cache_misses").tag("fetch", "shared").counter().count() == 99);
        world.transport.gate.complete(null);
        for (Future<Boolean> read : reads) {
            assertThat(read.get(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(world.transport.fetches.get()).isEqualTo(1);
        assertThat(world.metrics.registry().get("gcdn_edge_cache_misses").tag("fetch", "led").counter().count()).isEqualTo(1);
    }
}
