package org.gossipcdn.node;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.gossipcdn.core.spi.Scheduler;

/**
 * Tells whether a node's event loop still turns: a task on the loop's {@link Scheduler} stamps the
 * time every {@code interval}, and {@link #age()} is how long ago it last did. A loop that is stuck
 * (a task that never returns, a deadlock) stops stamping, so the age grows past any bound; this is
 * what {@code GET /v1/health/live} reports (proposal 0019).
 *
 * <p>Thread-safe: the loop writes, any thread reads.
 */
public final class LoopHeartbeat {

    private final Scheduler scheduler;
    private final Duration interval;
    private final LongSupplier nanos;
    private final AtomicLong lastBeatNanos;
    private volatile boolean running;

    /**
     * @param interval how often the loop stamps; the liveness limit should be several of these
     * @param nanos a monotonic clock in nanoseconds ({@code System::nanoTime} in production)
     */
    public LoopHeartbeat(Scheduler scheduler, Duration interval, LongSupplier nanos) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be > 0, was " + interval);
        }
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.lastBeatNanos = new AtomicLong(nanos.getAsLong());
    }

    /** Starts stamping on the loop. */
    public LoopHeartbeat start() {
        running = true;
        lastBeatNanos.set(nanos.getAsLong());
        scheduler.execute(this::beat);
        return this;
    }

    public void stop() {
        running = false;
    }

    private void beat() {
        if (!running) {
            return;
        }
        lastBeatNanos.set(nanos.getAsLong());
        scheduler.schedule(interval, this::beat);
    }

    /** How long ago the loop last ran the heartbeat task. */
    public Duration age() {
        return Duration.ofNanos(Math.max(0, nanos.getAsLong() - lastBeatNanos.get()));
    }
}
