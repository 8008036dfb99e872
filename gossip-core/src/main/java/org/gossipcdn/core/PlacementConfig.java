package org.gossipcdn.core;

import java.time.Duration;
import java.util.Objects;
import org.gossipcdn.core.membership.Member;

/**
 * Where content lives. {@link #defaults()} explains each value; see proposals/0016-placement.md.
 *
 * @param replicas R: how many data members hold each blob's content; R at least the number of data
 *                 members means every member holds everything
 * @param capacity the bytes this node offers for content it holds, advertised to its peers: its
 *                 weight in placement
 * @param scanInterval how long the rebalancer rests after a pass over the keys that found nothing to do
 * @param keysPerStep how many keys one rebalancing step looks at (one step per gossip tick)
 * @param maxFetches how many content fetches rebalancing keeps in flight (bounded I/O)
 */
public record PlacementConfig(int replicas, long capacity, Duration scanInterval, int keysPerStep, int maxFetches) {

    public PlacementConfig {
        Objects.requireNonNull(scanInterval, "scanInterval");
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas must be >= 1, was " + replicas);
        }
        if (capacity < 1 || capacity > Member.MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be in 1.." + Member.MAX_CAPACITY + " bytes, was " + capacity);
        }
        if (scanInterval.isNegative() || scanInterval.isZero()) {
            throw new IllegalArgumentException("scanInterval must be > 0, was " + scanInterval);
        }
        if (keysPerStep < 1 || maxFetches < 1) {
            throw new IllegalArgumentException("keysPerStep and maxFetches must be >= 1, were " + keysPerStep + ", " + maxFetches);
        }
    }

    public static PlacementConfig defaults() {
        return new PlacementConfig(
                3,                          // three copies: any two nodes may fail at once
                Member.DEFAULT_CAPACITY,    // all nodes weigh the same unless their operators say otherwise
                Duration.ofSeconds(5),      // an idle node re-checks its keys every few seconds
                256,                        // 256 keys a tick (~1,300 keys/s at a 200 ms tick): a pass over
                                            // a million keys takes ~13 minutes, with little I/O per step
                4);                         // four fetches at once: rebalancing never floods a link
    }

    public PlacementConfig withReplicas(int r) {
        return new PlacementConfig(r, capacity, scanInterval, keysPerStep, maxFetches);
    }

    public PlacementConfig withCapacity(long c) {
        return new PlacementConfig(replicas, c, scanInterval, keysPerStep, maxFetches);
    }

    public PlacementConfig withScanInterval(Duration d) {
        return new PlacementConfig(replicas, capacity, d, keysPerStep, maxFetches);
    }
}
