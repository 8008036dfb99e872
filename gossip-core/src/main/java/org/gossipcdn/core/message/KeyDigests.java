package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.gossipcdn.core.antientropy.Digest;

/** The (key, digest of its state) of every key in the leaves asked for; {@code ready} as in {@link DigestReply}. */
public record KeyDigests(boolean ready, List<Entry> entries) implements GossipMessage {
    public static final String TYPE = "key-digests";

    public KeyDigests {
        entries = List.copyOf(entries);
    }

    /** One key and the digest of its state (XOR of its heads). */
    public record Entry(UUID key, Digest digest) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(digest, "digest");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }
}
