package org.gossipcdn.core.time;

/**
 * The one way time enters gossip-core. Production uses {@link SystemClock}; the simulator
 * supplies virtual time, so a run is a pure function of its seed.
 *
 * <p>Both methods are called on the node's loop, must be fast and must not block.
 */
public interface Clock {

    /** Wall-clock milliseconds since the epoch, used by the hybrid logical clock. May jump. */
    long wallMillis();

    /** Monotonic nanoseconds from an arbitrary origin, used for timeouts and durations. */
    long monotonicNanos();
}
