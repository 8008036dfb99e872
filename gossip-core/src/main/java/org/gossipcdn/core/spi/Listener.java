package org.gossipcdn.core.spi;

import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;

/**
 * Hooks for embedders and metrics. Every method has a no-op default, so implement only what
 * you need.
 *
 * <p>Threading: called on the node's loop. Implementations must be fast, must never block and
 * must never throw (an exception is logged and dropped).
 */
public interface Listener {

    /** A member's state changed as this node sees it (joined, suspected, refuted, dead, left). */
    default void onMemberChanged(Member previous, Member current) {}

    /** A key's state changed on this replica, by a local write or by gossip. */
    default void onRecordCommitted(KeyState before, KeyState after) {}

    /** A record from a peer was refused; {@code reason} says why (e.g. clock beyond max drift). */
    default void onRecordRejected(BlobRecord record, String reason) {}

    /**
     * A record from peer {@code from} was dropped because nothing vouches for it: its owner
     * signature does not verify, or the key is owned and the record is not signed with the owner's
     * claim (proposal 0010). A member sending these is forging, or lost a race of first writers.
     */
    default void onUntrustedRecord(BlobRecord record, Address from, String reason) {}

    /** Content fetched from a peer did not hash to what its record says; it was discarded. */
    default void onContentMismatch(BlobRecord record) {}

    /** A message was sent ({@code outbound}) or received. For message counters. */
    default void onMessage(String type, boolean outbound) {}

    Listener NONE = new Listener() {};
}
