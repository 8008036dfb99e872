package org.gossipcdn.core.replica;

import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;

/** The outcome of a local write or delete. */
public sealed interface WriteOutcome {

    /** Committed locally: {@code created} is true if the key had no live value before. */
    record Written(BlobRecord record, KeyState state, boolean created) implements WriteOutcome {}

    /** The precondition did not hold; {@code current} is what this node holds (null if nothing). */
    record PreconditionFailed(KeyState current) implements WriteOutcome {}

    /** The node cannot take writes now, e.g. while it re-syncs after a long absence. */
    record Unavailable(String reason) implements WriteOutcome {}

    /** The key is owned and the write is not signed with its owner's claim, or the signature is bad. */
    record Forbidden(String reason) implements WriteOutcome {}

    /** A signed write's version is not after every version the node holds; sign again with a later one. */
    record Conflict(String reason) implements WriteOutcome {}

    /** A signed write that can never be taken as sent (its version is far from this node's clock, or its claim is wrong). */
    record Invalid(String reason) implements WriteOutcome {}
}
