package org.gossipcdn.node;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.storage.RocksDbStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the store's content garbage collection ({@link Store#collectGarbage(Duration)}) on its own
 * background thread, never the gossip loop: content no kept record version has referenced for
 * {@code --content-gc-delay} is deleted. Runs every half delay (between 250 ms and 1 min), so
 * garbage lives at most about 1.5 delays. Logs at INFO and counts the bytes when a run frees any.
 * Once the content freed since the last compaction reaches {@value #COMPACT_AFTER_BYTES} bytes and a
 * quarter of the content left, it asks RocksDB to give the disk back ({@link RocksDbStore#compactContent()}):
 * the compaction rewrites up to a quarter of the content, so it is paid for by what was freed.
 */
final class ContentCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContentCollector.class);
    static final long COMPACT_AFTER_BYTES = 64L << 20;

    private final RocksDbStore store;
    private final Duration delay;
    private final NodeMetrics metrics;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "content-gc");
        t.setDaemon(true);
        return t;
    });

    private long freedSinceCompaction;

    ContentCollector(RocksDbStore store, Duration delay, NodeMetrics metrics) {
        this.store = store;
        this.delay = delay;
        this.metrics = metrics;
    }

    /** How often a run starts for this delay: half of it, at least 250 ms, at most a minute. */
    static Duration interval(Duration delay) {
        Duration half = delay.dividedBy(2);
        Duration min = Duration.ofMillis(250);
        Duration max = Duration.ofMinutes(1);
        return half.compareTo(min) < 0 ? min : half.compareTo(max) > 0 ? max : half;
    }

    /** True once what was freed since the last compaction pays for the next one. */
    static boolean shouldCompact(long freedSinceCompaction, long contentBytesLeft) {
        return freedSinceCompaction >= COMPACT_AFTER_BYTES && freedSinceCompaction >= contentBytesLeft / 4;
    }

    ContentCollector start() {
        long every = interval(delay).toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    void runOnce() {
        try {
            long freed = store.collectGarbage(delay);
            if (freed > 0 && !Thread.currentThread().isInterrupted()) { // interrupted: closing, the store may be closed
                metrics.contentGarbageFreed(freed);
                Store.ContentUsage left = store.contentUsage();
                LOG.info("content garbage collection freed {} bytes unreferenced for {}; {} bytes of content in {} piece(s) left",
                        freed, delay, left.bytes(), left.count());
                freedSinceCompaction += freed;
                if (shouldCompact(freedSinceCompaction, left.bytes())) {
                    long before = store.diskBytes();
                    store.compactContent();
                    freedSinceCompaction = 0;
                    LOG.info("compacted the content: {} bytes on disk, {} before", store.diskBytes(), before);
                }
            }
        } catch (RuntimeException e) {
            // thread root of a periodic task: an uncaught exception would cancel every later run
            LOG.warn("content garbage collection failed; retrying in {}", interval(delay), e);
        }
    }

    /** Stops the runs; one in progress stops at its next candidate when the store closes. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
