package org.gossipcdn.core.message;

import java.util.Arrays;
import java.util.Objects;
import org.gossipcdn.core.version.Sha256;

/**
 * A small blob's bytes travelling with its record in a {@link Push}, so a hop costs one message
 * and no fetch. Unverified as received: the receiver stores them only if they hash to
 * {@code hash} and have the size the record names.
 */
public record InlineContent(Sha256 hash, byte[] bytes) {

    public InlineContent {
        Objects.requireNonNull(hash, "hash");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InlineContent other && hash.equals(other.hash) && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * hash.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "InlineContent[" + hash + ", " + bytes.length + " bytes]";
    }
}
