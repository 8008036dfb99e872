package org.gossipcdn.core.time;

import java.time.Duration;
import java.util.Objects;

/**
 * The node's hybrid logical clock (Kulkarni et al., 2014). {@link #tick()} stamps a local
 * event; {@link #observe(Hlc)} folds in a timestamp seen from a peer, so that every later
 * local stamp is greater than anything this node has seen (the max rule).
 *
 * <p>A remote stamp more than {@code maxClockDrift} ahead of the local wall clock is refused:
 * otherwise one node with a bad clock would win every future conflict.
 *
 * <p>Not thread-safe: owned by the node's loop.
 */
public final class HlcClock {

    private final Clock clock;
    private final long maxDriftMillis;
    private Hlc last = Hlc.ZERO;

    public HlcClock(Clock clock, Duration maxClockDrift) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxDriftMillis = Objects.requireNonNull(maxClockDrift, "maxClockDrift").toMillis();
    }

    /** A new timestamp, greater than every one issued or observed before. */
    public Hlc tick() {
        long now = clock.wallMillis();
        if (now > last.wallMillis()) {
            last = new Hlc(now, 0);
        } else if (last.counter() < Hlc.MAX_COUNTER) {
            last = new Hlc(last.wallMillis(), last.counter() + 1);
        } else {
            last = new Hlc(last.wallMillis() + 1, 0);
        }
        return last;
    }

    /** True if {@code remote} is within the drift bound; then later ticks exceed it. */
    public boolean observe(Hlc remote) {
        if (isTooFarAhead(remote)) {
            return false;
        }
        last = Hlc.max(last, remote);
        return true;
    }

    /** True if {@code remote} is more than maxClockDrift ahead of the local wall clock. */
    public boolean isTooFarAhead(Hlc remote) {
        return remote.wallMillis() - clock.wallMillis() > maxDriftMillis;
    }

    /** The greatest timestamp issued or observed so far. */
    public Hlc last() {
        return last;
    }

    public long wallMillis() {
        return clock.wallMillis();
    }
}
