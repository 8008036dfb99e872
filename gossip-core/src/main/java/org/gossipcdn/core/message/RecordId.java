package org.gossipcdn.core.message;

import java.util.Objects;
import java.util.UUID;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Version;

/** Names one record (a key's version) without carrying it: what {@link IHave} announces and {@link Graft} asks for. */
public record RecordId(UUID key, Version version) {

    public RecordId {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
    }

    public static RecordId of(BlobRecord record) {
        return new RecordId(record.key(), record.version());
    }
}
