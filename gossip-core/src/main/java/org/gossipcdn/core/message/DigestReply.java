package org.gossipcdn.core.message;

import java.util.List;
import org.gossipcdn.core.spi.Digest;

/**
 * The digests asked for, in the order asked. {@code ready} is false while the answering node
 * is re-syncing after a long absence: its data must not be compared against (proposal 0003).
 */
public record DigestReply(boolean ready, List<Digest> digests) implements Response {
    public static final String TYPE = "digest-reply";

    public DigestReply {
        digests = List.copyOf(digests);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
