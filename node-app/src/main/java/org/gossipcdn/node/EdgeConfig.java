package org.gossipcdn.node;

import java.time.Duration;

/**
 * The serving side of placement (proposal 0018): how much content this node keeps as cache copies,
 * how much disk it may use, and how long a read-through waits.
 *
 * @param cacheBytes {@code --cache-size}: bytes of content kept as evictable cache copies (content
 *                   of keys this node does not hold); 0 keeps none (every miss fetches again)
 * @param maxDiskBytes {@code --max-disk}: the store's disk budget; 0: no budget
 * @param fetchOpenTimeout how long one source may take to start sending content a read-through needs
 * @param fetchWaitTimeout how long a read waits for the read-through fetch another read leads
 */
public record EdgeConfig(long cacheBytes, long maxDiskBytes, Duration fetchOpenTimeout, Duration fetchWaitTimeout) {

    public EdgeConfig {
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("cache-size must be >= 0, was " + cacheBytes);
        }
        if (maxDiskBytes < 0) {
            throw new IllegalArgumentException("max-disk must be >= 0 (0: no limit), was " + maxDiskBytes);
        }
        if (fetchOpenTimeout.isNegative() || fetchOpenTimeout.isZero() || fetchWaitTimeout.isNegative() || fetchWaitTimeout.isZero()) {
            throw new IllegalArgumentException("read-through timeouts must be > 0");
        }
    }

    /** With the given sizes and the default timeouts. */
    public static EdgeConfig of(long cacheBytes, long maxDiskBytes) {
        return new EdgeConfig(cacheBytes, maxDiskBytes,
                Duration.ofSeconds(5),      // a live holder starts sending within milliseconds; a dead one is skipped soon
                Duration.ofMinutes(10));    // the leader's fetch of a large blob takes as long as its transfer
    }
}
