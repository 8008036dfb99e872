package org.gossipcdn.core.message;

import java.util.Objects;
import java.util.UUID;
import org.gossipcdn.core.version.Version;

/** "Do you hold this version of this key?" Used by writes that wait for W replicas. */
public record HasQuery(UUID key, Version version) implements Request<HasReply> {
    public static final String TYPE = "has";

    public HasQuery {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
    }

    @Override
    public Class<HasReply> responseType() {
        return HasReply.class;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
