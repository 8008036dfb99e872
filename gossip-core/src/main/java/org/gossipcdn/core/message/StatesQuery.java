package org.gossipcdn.core.message;

import java.util.List;
import java.util.UUID;

/** Anti-entropy: "send me your states of these keys." Answered by {@link Records}. */
public record StatesQuery(List<UUID> keys) implements Request<Records> {
    public static final String TYPE = "states-query";

    public StatesQuery {
        keys = List.copyOf(keys);
    }

    @Override
    public Class<Records> responseType() {
        return Records.class;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
