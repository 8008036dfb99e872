package org.gossipcdn.core.membership;

/** What a member does besides membership. */
public enum Role {
    /** Keeps every record, holds the content of the keys placed on it and serves every blob. */
    DATA,
    /** Takes part in membership only (the bootstrap registry); never sent data. */
    REGISTRY
}
