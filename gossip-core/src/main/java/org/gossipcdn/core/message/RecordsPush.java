package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.version.KeyState;

/** Anti-entropy push of key states the receiver lacks; content is fetched from {@code from}. */
public record RecordsPush(Address from, List<KeyState> states) implements Request<Ack> {
    public static final String TYPE = "records-push";

    public RecordsPush {
        Objects.requireNonNull(from, "from");
        states = List.copyOf(states);
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
