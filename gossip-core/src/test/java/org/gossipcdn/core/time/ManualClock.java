package org.gossipcdn.core.time;

/** A wall clock tests set by hand; monotonic time follows it. */
public final class ManualClock implements Clock {

    /** The wall clock in milliseconds; tests move it. */
    public long wall;

    public ManualClock(long wall) {
        this.wall = wall;
    }

    @Override
    public long wallMillis() {
        return wall;
    }

    @Override
    public long monotonicNanos() {
        return wall * 1_000_000;
    }
}
