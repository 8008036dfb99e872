package org.gossipcdn.core.time;

/**
 * The machine's clocks, optionally shifted by a fixed offset so that tests can give one
 * node a skewed wall clock without touching the host.
 */
public final class SystemClock implements Clock {

    private final long offsetMillis;

    public SystemClock() {
        this(0);
    }

    /** @param offsetMillis added to every wall-clock reading (test-only skew) */
    public SystemClock(long offsetMillis) {
        this.offsetMillis = offsetMillis;
    }

    @Override
    public long wallMillis() {
        return System.currentTimeMillis() + offsetMillis;
    }

    @Override
    public long monotonicNanos() {
        return System.nanoTime();
    }
}
