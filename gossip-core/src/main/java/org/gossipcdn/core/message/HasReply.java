package org.gossipcdn.core.message;

/** The answer to {@link HasQuery}: true if the version or a write that overwrote it is committed. */
public record HasReply(boolean holds) implements GossipMessage {
    public static final String TYPE = "has-reply";

    @Override
    public String type() {
        return TYPE;
    }
}
