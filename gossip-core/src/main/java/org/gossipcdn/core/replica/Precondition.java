package org.gossipcdn.core.replica;

import java.util.Objects;
import org.gossipcdn.core.version.Sha256;

/**
 * An HTTP-style condition on a write, checked at the node that receives it against what that
 * node holds at that moment (not a cluster-wide guarantee: concurrent writers elsewhere still
 * conflict, and the losers stay visible).
 */
public sealed interface Precondition {

    /** Write unconditionally. */
    record None() implements Precondition {}

    /** {@code If-None-Match: *}: only if the key does not exist (or is deleted). */
    record IfAbsent() implements Precondition {}

    /** {@code If-Match: *}: only if the key exists (and is not deleted), whatever its content. */
    record IfPresent() implements Precondition {}

    /** {@code If-Match: "etag"}: only if the current winner's content hash is {@code etag}. */
    record IfMatch(Sha256 etag) implements Precondition {
        public IfMatch {
            Objects.requireNonNull(etag, "etag");
        }
    }

    Precondition NONE = new None();
    Precondition IF_ABSENT = new IfAbsent();
    Precondition IF_PRESENT = new IfPresent();
}
