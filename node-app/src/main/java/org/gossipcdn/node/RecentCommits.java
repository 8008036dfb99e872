package org.gossipcdn.node;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.gossipcdn.core.spi.Listener;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Version;

/**
 * When this node committed the current winner of recently changed keys: the "since when" of a
 * convergence receipt. Bounded to the {@link #CAPACITY} most recently changed keys and kept in
 * memory only, so for an older key, or one committed before this process started, the time is
 * unknown (and said to be). Listener calls come from the node loop; lookups from API threads.
 */
final class RecentCommits implements Listener {

    static final int CAPACITY = 10_000;

    /** The version that won at {@code atMillis} (this node's wall clock). */
    record Commit(Version version, long atMillis) {}

    private final LongSupplier wallMillis;
    private final Map<UUID, Commit> commits = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Commit> eldest) {
            return size() > CAPACITY;
        }
    };

    RecentCommits(LongSupplier wallMillis) {
        this.wallMillis = wallMillis;
    }

    @Override
    public synchronized void onRecordCommitted(KeyState before, KeyState after) {
        Version winner = after.winner().version();
        if (before == null || !before.winner().version().equals(winner)) {
            commits.remove(after.key()); // re-inserted last: eviction goes by the latest change
            commits.put(after.key(), new Commit(winner, wallMillis.getAsLong()));
        }
    }

    synchronized Optional<Commit> of(UUID key) {
        return Optional.ofNullable(commits.get(key));
    }
}
