package org.gossipcdn.node;

import java.util.List;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;

/** What counts as a conflict on a commit: a concurrent version newly kept beside the winner (proposal 0001). */
final class Conflicts {

    private Conflicts() {
    }

    /**
     * The losers of {@code after} that {@code before} did not keep as losers: a version that lost to
     * a concurrent one, just now. A write that had seen the old version replaces it and keeps nothing.
     */
    static List<BlobRecord> newlyKept(KeyState before, KeyState after) {
        List<BlobRecord> old = before == null ? List.of() : before.losers();
        return after.losers().stream().filter(r -> !old.contains(r)).toList();
    }
}
