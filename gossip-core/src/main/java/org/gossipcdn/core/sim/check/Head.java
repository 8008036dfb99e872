package org.gossipcdn.core.sim.check;

import java.util.Objects;

/**
 * One record a node holds for a key, as the checker reads it: its version, whether it deletes, and
 * the content it points at (hex SHA-256). A node's heads are listed winner first.
 */
public record Head(Stamp version, boolean tombstone, String content) {

    public Head {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(content, "content");
    }
}
