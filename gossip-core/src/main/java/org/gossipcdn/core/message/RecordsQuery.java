package org.gossipcdn.core.message;

import java.util.List;

/** Anti-entropy: "send me every key state in these leaves." Answered by {@link Records}. */
public record RecordsQuery(List<Integer> leaves) implements GossipMessage {
    public static final String TYPE = "records-query";

    public RecordsQuery {
        leaves = List.copyOf(leaves);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
