package org.gossipcdn.core.version;

/**
 * The outcome of offering a record to a replica. Expected protocol outcomes are values, not
 * exceptions; the HTTP edge maps {@link Rejected} to a 4xx.
 */
public sealed interface MergeResult {

    /** The key's state changed from {@code before} (null if the key was new) to {@code after}. */
    record Applied(KeyState before, KeyState after) implements MergeResult {}

    /** Nothing changed: the replica already knew the record or a record that overwrote it. */
    record Stale(KeyState current) implements MergeResult {}

    /** Refused, for example a clock beyond maxClockDrift; {@code reason} says why. */
    record Rejected(String reason) implements MergeResult {}
}
