package org.gossipcdn.core.message;

import java.util.List;
import org.gossipcdn.core.membership.Member;

/**
 * The answer to {@link Push}. {@code prune}: every record in it was already known here, so the
 * link is a redundant tree edge; both ends then keep it lazy (announcements only).
 */
public record PushReply(boolean prune, List<Member> updates) implements Response {
    public static final String TYPE = "push-reply";

    public PushReply {
        updates = List.copyOf(updates);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
