package org.gossipcdn.core.membership;

/** A member's SWIM state. {@code LEFT} is a graceful {@code DEAD}. */
public enum MemberStatus {
    ALIVE, SUSPECT, DEAD, LEFT;

    /** True for the states that mean "gone" and are kept as tombstones. */
    public boolean isGone() {
        return this == DEAD || this == LEFT;
    }
}
