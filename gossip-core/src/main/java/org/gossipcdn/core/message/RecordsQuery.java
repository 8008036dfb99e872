package org.gossipcdn.core.message;

import java.util.List;

/** Anti-entropy: "send me every key state in these leaves." Answered by {@link Records}. */
public record RecordsQuery(List<Integer> leaves) implements Request<Records> {
    public static final String TYPE = "records-query";

    public RecordsQuery {
        leaves = List.copyOf(leaves);
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
