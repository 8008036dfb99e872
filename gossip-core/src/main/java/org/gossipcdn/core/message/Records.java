package org.gossipcdn.core.message;

import java.util.List;
import org.gossipcdn.core.version.KeyState;

/** The key states of the leaves asked for; {@code ready} as in {@link DigestReply}. */
public record Records(boolean ready, List<KeyState> states) implements Response {
    public static final String TYPE = "records";

    public Records {
        states = List.copyOf(states);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
