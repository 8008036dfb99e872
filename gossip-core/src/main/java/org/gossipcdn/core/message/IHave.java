package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;

/**
 * Lazy announcement along the non-tree links (proposal 0021): "I have these records". A receiver
 * that still lacks one after the graft timeout sends {@link Graft}. Answered by {@link Ack}.
 */
public record IHave(NodeId from, Address address, List<RecordId> ids) implements Request<Ack> {
    public static final String TYPE = "ihave";

    public IHave {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(address, "address");
        ids = List.copyOf(ids);
    }

    @Override
    public Class<Ack> responseType() {
        return Ack.class;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
