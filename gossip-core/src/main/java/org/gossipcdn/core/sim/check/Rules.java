package org.gossipcdn.core.sim.check;

import java.time.Duration;
import java.util.Objects;

/**
 * The settings the model needs, copied from the cluster's configuration as plain values.
 *
 * @param maxHeads the winner plus at most this many minus one kept losers (K of proposal 0001)
 * @param conflictRetention how long a loser is kept after its own tick's wall time
 * @param maxClockDrift how far node clocks may differ; widens the retention edges both ways
 * @param sweep how long one full background sweep over the key space takes
 * @param tombstoneGrace how long a delete is kept before it may be purged
 */
public record Rules(int maxHeads, Duration conflictRetention, Duration maxClockDrift, Duration sweep,
                    Duration tombstoneGrace) {

    public Rules {
        if (maxHeads < 1) {
            throw new IllegalArgumentException("maxHeads must be >= 1, was " + maxHeads);
        }
        Objects.requireNonNull(conflictRetention, "conflictRetention");
        Objects.requireNonNull(maxClockDrift, "maxClockDrift");
        Objects.requireNonNull(sweep, "sweep");
        Objects.requireNonNull(tombstoneGrace, "tombstoneGrace");
    }

    /** After this age a loser must be gone from every node: retention + drift + one full sweep. */
    public long expiredAfterMillis() {
        return conflictRetention.toMillis() + maxClockDrift.toMillis() + sweep.toMillis();
    }

    /** Before this age a loser must still be kept: retention - drift. */
    public long keptUntilMillis() {
        return conflictRetention.toMillis() - maxClockDrift.toMillis();
    }
}
