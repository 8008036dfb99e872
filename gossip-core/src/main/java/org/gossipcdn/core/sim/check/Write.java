package org.gossipcdn.core.sim.check;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One acknowledged write (or delete) of the operation history, as the client saw it.
 *
 * @param version the version the node answered with
 * @param content the content's SHA-256 as hex (the empty content's hash for a delete)
 * @param seen the writer's causal context: for each writer id, the greatest tick of its writes of
 *        this key that the writing node had seen
 * @param claim the owner's claim if the write was signed, else null
 * @param order when it was acknowledged, as a number that grows with time (a sequence number, or
 *        the client's clock): only used to tell that a key was deleted and purged before a write
 */
public record Write(UUID key, Stamp version, boolean tombstone, String content, Map<String, Tick> seen, Claim claim,
                    long order) {

    public Write {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(content, "content");
        seen = java.util.Collections.unmodifiableMap(new TreeMap<>(seen));
    }

    /** True if this write's writer had seen {@code other}: its context reaches other's tick for other's writer. */
    public boolean saw(Write other) {
        Tick t = seen.get(other.version.writer());
        return t != null && t.compareTo(other.version.tick()) >= 0;
    }

    /** The record this write left, as a node would list it. */
    public Head head() {
        return new Head(version, tombstone, content);
    }
}
