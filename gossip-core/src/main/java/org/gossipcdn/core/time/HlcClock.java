package org.gossipcdn.core.time;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * The node's hybrid logical clock (Kulkarni et al., 2014). {@link #tick()} stamps a local
 * event; {@link #observe(Hlc)} folds in a timestamp seen from a peer, so that every later
 * local stamp is greater than anything this node has seen (the max rule).
 *
 * <p>A remote stamp more than {@code maxClockDrift} ahead of the local wall clock is refused:
 * otherwise one node with a bad clock would win every future conflict.
 *
 * <p>The clock survives restarts through a <em>ceiling</em>: a wall time that no stamp issued or
 * observed so far reaches. It is saved (through {@code saveCeiling}, durably) before a stamp at or
 * beyond it is handed out, one {@link #CEILING_LEASE_MILLIS} ahead, so a save happens at most about
 * once per lease under steady writes. A clock restored from the saved ceiling starts at it, so it
 * never issues a version at or below one it issued or saw before the restart, even when it had run
 * ahead of the wall clock (it saw a peer that was fast). See proposals/0001-versions-and-conflicts.md.
 *
 * <p>Not thread-safe: owned by the node's loop.
 */
public final class HlcClock {

    /** How far ahead of the greatest stamp so far a saved ceiling lies: one second. */
    public static final long CEILING_LEASE_MILLIS = 1_000;

    private final Clock clock;
    private final long maxDriftMillis;
    private final LongConsumer saveCeiling;
    private long ceiling;
    private Hlc last;

    /** A clock that keeps nothing across restarts (tests, benchmarks). */
    public HlcClock(Clock clock, Duration maxClockDrift) {
        this(clock, maxClockDrift, 0, c -> { });
    }

    /**
     * @param restoredCeiling the ceiling saved before a restart, 0 for a new node
     * @param saveCeiling stores a new ceiling durably before it returns
     */
    public HlcClock(Clock clock, Duration maxClockDrift, long restoredCeiling, LongConsumer saveCeiling) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxDriftMillis = Objects.requireNonNull(maxClockDrift, "maxClockDrift").toMillis();
        this.saveCeiling = Objects.requireNonNull(saveCeiling, "saveCeiling");
        if (restoredCeiling < 0 || restoredCeiling > Hlc.MAX_WALL) {
            throw new IllegalArgumentException("restored hlc ceiling must be in 0..2^48-1, was " + restoredCeiling);
        }
        this.ceiling = restoredCeiling;
        this.last = new Hlc(restoredCeiling, 0);
    }

    /** A new timestamp, greater than every one issued or observed before. */
    public Hlc tick() {
        long now = clock.wallMillis();
        Hlc next;
        if (now > last.wallMillis()) {
            next = new Hlc(now, 0);
        } else if (last.counter() < Hlc.MAX_COUNTER) {
            next = new Hlc(last.wallMillis(), last.counter() + 1);
        } else {
            next = new Hlc(last.wallMillis() + 1, 0);
        }
        raiseCeilingAbove(next);
        last = next;
        return last;
    }

    /** True if {@code remote} is within the drift bound; then later ticks exceed it. */
    public boolean observe(Hlc remote) {
        if (isTooFarAhead(remote)) {
            return false;
        }
        if (remote.compareTo(last) > 0) {
            raiseCeilingAbove(remote);
            last = remote;
        }
        return true;
    }

    /** Saves a new ceiling when {@code stamp} reaches the current one. */
    private void raiseCeilingAbove(Hlc stamp) {
        if (stamp.wallMillis() >= ceiling) {
            ceiling = Math.min(Hlc.MAX_WALL, stamp.wallMillis() + CEILING_LEASE_MILLIS);
            saveCeiling.accept(ceiling);
        }
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
