package org.gossipcdn.core.identity;

import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A node's identity: 128 random bits made at its first start and kept in its data dir.
 * Ordered as an unsigned 128-bit number, which is the tie-break of {@code Version}.
 *
 * @param high the upper 64 bits
 * @param low the lower 64 bits
 */
public record NodeId(long high, long low) implements Comparable<NodeId> {

    /** A fresh id drawn from {@code random}. */
    public static NodeId random(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return new NodeId(random.nextLong(), random.nextLong());
    }

    /** Parses the 32 hex digits {@link #toString()} prints. */
    public static NodeId parse(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 32 || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            // echoed only as far as it is printable: ids arrive in gossip and end up in logs
            throw new IllegalArgumentException("node id must be 32 hex digits, was '"
                    + hex.substring(0, Math.min(hex.length(), 40)).replaceAll("[^\\x20-\\x7e]", "?") + "'");
        }
        return new NodeId(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
    }

    /** The first 8 hex digits, for log lines. */
    public String shortId() {
        return toString().substring(0, 8);
    }

    @Override
    public int compareTo(NodeId other) {
        int c = Long.compareUnsigned(high, other.high);
        return c != 0 ? c : Long.compareUnsigned(low, other.low);
    }

    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }
}
