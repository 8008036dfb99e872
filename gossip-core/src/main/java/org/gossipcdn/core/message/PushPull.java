package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import org.gossipcdn.core.membership.Member;

/**
 * Full membership state exchange, both as request and as response: a join, and the periodic
 * sync that heals what piggybacking missed. {@code members} includes the sender itself;
 * {@code wallMillis} is the sender's clock (for clock-skew estimates).
 */
public record PushPull(Member from, boolean join, long wallMillis, List<Member> members) implements Request<PushPull>, Response {
    public static final String TYPE = "push-pull";

    public PushPull {
        Objects.requireNonNull(from, "from");
        members = List.copyOf(members);
    }

    @Override
    public Class<PushPull> responseType() {
        return PushPull.class;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
