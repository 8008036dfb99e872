package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.gossipcdn.core.spi.Digest;

/**
 * The (key, digest of its state) of every key in the leaves asked for.
 *
 * @param ready as in {@link DigestReply}
 * @param synced the answering replica has completed a sync with the cluster before (or was alone):
 *               it is a complete copy, so a re-syncing node may drop what it lacks (proposal 0003);
 *               an empty newcomer is not
 */
public record KeyDigests(boolean ready, boolean synced, List<Entry> entries) implements Response {
    public static final String TYPE = "key-digests";

    public KeyDigests {
        entries = List.copyOf(entries);
    }

    /** One key and the digest of its state. */
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
