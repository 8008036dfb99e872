package org.gossipcdn.node;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.spi.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the store's content garbage collection ({@link Store#collectGarbage(Duration)}) on its own
 * background thread, never the gossip loop: content no kept record version has referenced for
 * {@code --content-gc-delay} is deleted. Runs every half delay (between 250 ms and 1 min), so
 * garbage lives at most about 1.5 delays. Logs at INFO and counts the bytes when a run frees any.
 */
final class ContentCollector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ContentCollector.class);

    private final Store store;
    private final Duration delay;
    private final NodeMetrics metrics;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "content-gc");
        t.setDaemon(true);
        return t;
    });

    ContentCollector(Store store, Duration delay, NodeMetrics metrics) {
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

    ContentCollector start() {
        long every = interval(delay).toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    void runOnce() {
        try {
            long freed = store.collectGarbage(delay);
            if (freed > 0) {
                metrics.contentGarbageFreed(freed);
                Store.ContentUsage left = store.contentUsage();
                LOG.info("content garbage collection freed {} bytes unreferenced for {}; {} bytes of content in {} piece(s) left",
                        freed, delay, left.bytes(), left.count());
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
