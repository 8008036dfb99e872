package org.gossipcdn.core.message;

/**
 * The answer to {@link HasQuery}.
 *
 * @param holds the version, or a write that overwrote it, is committed here
 * @param absent this member holds nothing of the key (it cannot bring back a value a delete removed)
 */
public record HasReply(boolean holds, boolean absent) implements GossipMessage {
    public static final String TYPE = "has-reply";

    @Override
    public String type() {
        return TYPE;
    }
}
