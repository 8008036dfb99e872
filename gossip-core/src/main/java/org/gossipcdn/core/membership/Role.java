package org.gossipcdn.core.membership;

/** What a member does besides membership. */
public enum Role {
    /** Holds and serves a full replica of the blobs. */
    DATA,
    /** Takes part in membership only (the bootstrap registry); never sent data. */
    REGISTRY
}
