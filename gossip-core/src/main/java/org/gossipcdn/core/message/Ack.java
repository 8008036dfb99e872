package org.gossipcdn.core.message;

import java.util.List;
import org.gossipcdn.core.membership.Member;

/** The positive answer to a request, with piggybacked membership updates. */
public record Ack(List<Member> updates) implements GossipMessage {
    public static final String TYPE = "ack";

    public Ack {
        updates = List.copyOf(updates);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
