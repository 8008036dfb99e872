package org.gossipcdn.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings and sizes of rumor spreading. {@link #defaults()} explains each value.
 *
 * @param gossipTick how often queued fresh records are pushed
 * @param fanout how many random data members each tick pushes to
 * @param retransmitMultiplier a record is pushed about mult·ceil(log10(N+1)) times by each node that commits it
 * @param maxRecordsPerMessage how many records one rumor carries at most
 * @param fetchAttempts how many times missing content is asked for before leaving it to anti-entropy
 */
public record DisseminationConfig(Duration gossipTick, int fanout, int retransmitMultiplier,
                                  int maxRecordsPerMessage, int fetchAttempts) {

    public DisseminationConfig {
        Objects.requireNonNull(gossipTick, "gossipTick");
        if (gossipTick.isNegative() || gossipTick.isZero()) {
            throw new IllegalArgumentException("gossipTick must be > 0, was " + gossipTick);
        }
        if (fanout < 1) {
            throw new IllegalArgumentException("fanout must be >= 1, was " + fanout);
        }
        if (retransmitMultiplier < 1) {
            throw new IllegalArgumentException("retransmitMultiplier must be >= 1, was " + retransmitMultiplier);
        }
        if (maxRecordsPerMessage < 1) {
            throw new IllegalArgumentException("maxRecordsPerMessage must be >= 1, was " + maxRecordsPerMessage);
        }
        if (fetchAttempts < 1) {
            throw new IllegalArgumentException("fetchAttempts must be >= 1, was " + fetchAttempts);
        }
    }

    public static DisseminationConfig defaults() {
        return new DisseminationConfig(
                Duration.ofMillis(200),     // five pushes a second: a write spreads in about a second
                3,                          // 3 pushes per tick: everyone within log2 N + ln N ticks
                4,                          // as membership's λ
                256,                        // a burst of writes goes out in a few messages of modest size
                3);                         // then anti-entropy (every second) brings it anyway
    }

    public DisseminationConfig withGossipTick(Duration tick) {
        return new DisseminationConfig(tick, fanout, retransmitMultiplier, maxRecordsPerMessage, fetchAttempts);
    }

    public DisseminationConfig withFanout(int newFanout) {
        return new DisseminationConfig(gossipTick, newFanout, retransmitMultiplier, maxRecordsPerMessage, fetchAttempts);
    }
}
