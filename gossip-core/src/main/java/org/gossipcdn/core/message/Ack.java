package org.gossipcdn.core.message;

import java.util.List;
import org.gossipcdn.core.membership.Member;

/**
 * The positive answer to a request, with piggybacked membership updates and the answering node's
 * wall clock when it answered (0 where the answer is not to a probe).
 */
public record Ack(long wallMillis, List<Member> updates) implements Response {
    public static final String TYPE = "ack";

    public Ack {
        updates = List.copyOf(updates);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
