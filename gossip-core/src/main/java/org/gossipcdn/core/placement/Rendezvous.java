package org.gossipcdn.core.placement;

import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;

/**
 * Weighted rendezvous (highest-random-weight) hashing: every node computes the same score for a
 * (key, node) pair from nothing but the two ids and the node's advertised capacity, so every node
 * names the same holders from the same member list, with no ring or token table.
 *
 * <p>score = capacity / −ln(u), u uniform in (0, 1) drawn from a 64-bit mix of the ids: the
 * logarithmic method, under which a node's chance to rank first is its share of the total
 * capacity. A join or leave changes the top R of only the keys the node enters or leaves: about
 * R/N of them.
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    /** The score of {@code node} (advertising {@code capacity} bytes) for {@code key}; higher ranks first. */
    public static double score(UUID key, NodeId node, long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        long h = mix(key.getMostSignificantBits() ^ mix(key.getLeastSignificantBits()
                ^ mix(node.high() ^ mix(node.low() + 0x632BE59BD9B4E019L))));
        double u = ((h >>> 11) + 0.5) * 0x1.0p-53; // in (0, 1): never 0, never 1
        return capacity / -Math.log(u);
    }

    /** SplitMix64's finaliser: every input bit moves every output bit. */
    static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
