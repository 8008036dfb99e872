package org.gossipcdn.core.message;

import java.util.List;

/** Anti-entropy: "send me the digest of every key in these leaves." Answered by {@link KeyDigests}. */
public record KeyDigestsQuery(List<Integer> leaves) implements Request<KeyDigests> {
    public static final String TYPE = "key-digests-query";

    public KeyDigestsQuery {
        leaves = List.copyOf(leaves);
    }

    @Override
    public Class<KeyDigests> responseType() {
        return KeyDigests.class;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
