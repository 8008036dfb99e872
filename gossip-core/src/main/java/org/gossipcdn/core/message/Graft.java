package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;

/**
 * "Make our link a tree edge again and push me these": sent when an announced record did not
 * arrive through the tree in time (proposal 0021). The receiver answers {@link Ack} and pushes the
 * records it still holds (or what overwrote them) with a {@link Push}.
 */
public record Graft(NodeId from, Address address, List<RecordId> ids) implements Request<Ack> {
    public static final String TYPE = "graft";

    public Graft {
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
