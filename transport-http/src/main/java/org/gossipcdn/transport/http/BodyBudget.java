package org.gossipcdn.transport.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of gossip request bodies a node holds in memory at once, across all connections. A
 * body is admitted only if its whole declared length fits ({@link #tryReserve}); otherwise it is
 * refused with 503 before it is read, so a flood of big or slow bodies cannot grow the heap past
 * the limit. Per connection the bound is one body of at most the transport's {@code maxBodyBytes}
 * (HTTP/1.1 serves one request at a time on a connection).
 *
 * <p>Thread-safe, lock-free. {@link #inUseBytes()}, {@link #peakBytes()} and {@link #refused()} are
 * for metrics and tests.
 */
public final class BodyBudget {

    private final long limitBytes;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** @param limitBytes the most body bytes held at once, ≥ 1 */
    public BodyBudget(long limitBytes) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("body budget must be >= 1 byte, was " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    /** Reserves {@code bytes} if they fit in what is left; false (and counted) if not. */
    public boolean tryReserve(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must be >= 0, was " + bytes);
        }
        while (true) {
            long now = inUse.get();
            if (now + bytes > limitBytes) {
                refused.incrementAndGet();
                return false;
            }
            if (inUse.compareAndSet(now, now + bytes)) {
                peak.accumulateAndGet(now + bytes, Math::max);
                return true;
            }
        }
    }

    /** Returns bytes reserved before. */
    public void release(long bytes) {
        long after = inUse.addAndGet(-bytes);
        if (after < 0) {
            throw new IllegalStateException("released more body bytes than were reserved (" + after + ")");
        }
    }

    public long limitBytes() {
        return limitBytes;
    }

    public long inUseBytes() {
        return inUse.get();
    }

    /** The most bytes ever held at once. */
    public long peakBytes() {
        return peak.get();
    }

    /** Bodies refused because they did not fit. */
    public long refused() {
        return refused.get();
    }
}
