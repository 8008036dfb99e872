package org.gossipcdn.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings and sizes of anti-entropy. {@link #defaults()} explains each value.
 *
 * @param interval how often a node compares its digest tree with one random data member
 * @param maxLeavesPerQuery how many differing leaves one records query asks for
 * @param callTimeout how long one anti-entropy call may take before the session is dropped
 * @param staleSyncTimeout how long a re-syncing node looks for a ready peer before it gives up
 *        and serves what it has (logged); see proposal 0003
 */
public record AntiEntropyConfig(Duration interval, int maxLeavesPerQuery, Duration callTimeout,
                                Duration staleSyncTimeout) {

    public AntiEntropyConfig {
        positive("interval", interval);
        positive("callTimeout", callTimeout);
        positive("staleSyncTimeout", staleSyncTimeout);
        if (maxLeavesPerQuery < 1) {
            throw new IllegalArgumentException("maxLeavesPerQuery must be >= 1, was " + maxLeavesPerQuery);
        }
    }

    public static AntiEntropyConfig defaults() {
        return new AntiEntropyConfig(
                Duration.ofSeconds(1),      // root comparison is one tiny call: cheap enough every second
                256,                        // a few hundred leaves ≈ a few thousand records per message
                Duration.ofSeconds(2),      // a lost call must not stall the session for long; records batches are small
                Duration.ofMinutes(1));     // a lone node must not stay read-only forever
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + d);
        }
    }

    public AntiEntropyConfig withInterval(Duration newInterval) {
        return new AntiEntropyConfig(newInterval, maxLeavesPerQuery, callTimeout, staleSyncTimeout);
    }
}
