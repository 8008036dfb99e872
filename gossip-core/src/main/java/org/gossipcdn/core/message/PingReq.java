package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;

/** SWIM indirect probe: "please ping {@code target} for me"; answered by {@link Ack} or {@link Nack}. */
public record PingReq(NodeId from, Member target, List<Member> updates) implements Request<Ack> {
    public static final String TYPE = "ping-req";

    public PingReq {
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
