package org.gossipcdn.core.replica;

import java.time.Duration;
import java.util.Objects;

/**
 * What a replica keeps and for how long. {@link #defaults()} explains each value.
 *
 * @param maxClockDrift a record stamped further ahead of the local wall clock is refused
 * @param conflictRetention how long a losing concurrent version is kept beside the winner
 * @param maxLosersPerKey how many losing concurrent versions are kept at most
 * @param tombstoneGrace how long a delete is kept before it is purged; a node away longer re-syncs by pull first
 * @param sweepLeavesPerTick how many digest leaves the background purge visits per gossip tick
 */
public record ReplicaConfig(Duration maxClockDrift, Duration conflictRetention, int maxLosersPerKey,
                            Duration tombstoneGrace, int sweepLeavesPerTick) {

    public ReplicaConfig {
        positive("maxClockDrift", maxClockDrift);
        positive("conflictRetention", conflictRetention);
        positive("tombstoneGrace", tombstoneGrace);
        if (maxLosersPerKey < 0) {
            throw new IllegalArgumentException("maxLosersPerKey must be >= 0, was " + maxLosersPerKey);
        }
        if (sweepLeavesPerTick < 1) {
            throw new IllegalArgumentException("sweepLeavesPerTick must be >= 1, was " + sweepLeavesPerTick);
        }
    }

    public static ReplicaConfig defaults() {
        return new ReplicaConfig(
                Duration.ofSeconds(60),     // NTP keeps clocks within ms; a minute off is a broken clock
                Duration.ofHours(24),       // a day for a person or a job to notice and resolve a conflict
                8,                          // bounded per key, generous for real concurrency
                Duration.ofDays(7),         // far longer than any outage the cluster should ride out
                64);                        // the whole tree (65,536 leaves) in under an hour at 5 ticks/s
    }

    /** The most heads a key state keeps: the winner plus the losers. */
    public int maxHeads() {
        return maxLosersPerKey + 1;
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + d);
        }
    }

    public ReplicaConfig withTombstoneGrace(Duration grace) {
        return new ReplicaConfig(maxClockDrift, conflictRetention, maxLosersPerKey, grace, sweepLeavesPerTick);
    }

    public ReplicaConfig withMaxClockDrift(Duration drift) {
        return new ReplicaConfig(drift, conflictRetention, maxLosersPerKey, tombstoneGrace, sweepLeavesPerTick);
    }

    public ReplicaConfig withSweepLeavesPerTick(int leaves) {
        return new ReplicaConfig(maxClockDrift, conflictRetention, maxLosersPerKey, tombstoneGrace, leaves);
    }
}
