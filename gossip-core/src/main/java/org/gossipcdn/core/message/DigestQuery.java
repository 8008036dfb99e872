package org.gossipcdn.core.message;

import java.util.List;

/** Anti-entropy: "what are your digests of these tree nodes at {@code level}?" Answered by {@link DigestReply}. */
public record DigestQuery(int level, List<Integer> indexes) implements Request<DigestReply> {
    public static final String TYPE = "digest";

    public DigestQuery {
        if (level < 0) {
            throw new IllegalArgumentException("level must be >= 0, was " + level);
        }
        indexes = List.copyOf(indexes);
    }

    @Override
    public Class<DigestReply> responseType() {
        return DigestReply.class;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
