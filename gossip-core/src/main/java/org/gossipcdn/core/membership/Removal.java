package org.gossipcdn.core.membership;

/** What a force-leave ({@link Membership#remove}) did; see proposal 0019. */
public enum Removal {
    /** The member is now LEFT here, and the news is spreading. */
    REMOVED,
    /** It had left already; nothing to do. */
    ALREADY_LEFT,
    /** No member with that id is known here. */
    UNKNOWN,
    /** A node does not remove itself: stopping it leaves gracefully. */
    SELF,
    /** The member is alive or suspect; removing it needs force (it would refute and come back). */
    REFUSED_LIVE
}
