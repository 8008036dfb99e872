package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;

/**
 * SWIM direct probe of {@code target}; answered by {@link Ack}. Carries piggybacked updates and the
 * sender's wall clock (for clock-skew estimates).
 */
public record Ping(NodeId from, NodeId target, long wallMillis, List<Member> updates) implements Request<Ack> {
    public static final String TYPE = "ping";

    public Ping {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(target, "target");
        updates = List.copyOf(updates);
    }

    @Override
    public Class<Ack> responseType() {
        return Ack.class;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
