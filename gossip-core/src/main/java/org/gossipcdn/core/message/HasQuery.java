package org.gossipcdn.core.message;

import java.util.Objects;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.version.Version;

/**
 * "Do you hold this version of this key?", asked of one member by id ({@code target}; another
 * node now at its address answers Nack, never for it). Used by writes that wait for W replicas and
 * by purge checks (proposal 0003).
 */
public record HasQuery(NodeId target, UUID key, Version version) implements Request<HasReply> {
    public static final String TYPE = "has";

    public HasQuery {
        Objects.requireNonNull(target, "target");
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
