package org.gossipcdn.core.message;

import java.util.Objects;

/** A negative answer: an indirect probe got no ack, or the request was not for this node. */
public record Nack(String reason) implements Response {
    public static final String TYPE = "nack";

    public Nack {
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
