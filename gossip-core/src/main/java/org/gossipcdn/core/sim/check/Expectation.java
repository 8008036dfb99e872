package org.gossipcdn.core.sim.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the {@link ReferenceModel} says one key must be at the checking time: the winner (a
 * tombstone means the key is deleted, and a node holding no record of it is fine: purged), and
 * for every version of the key in the history whether a node must, may or must not hold it.
 */
public record Expectation(UUID key, Write winner, Map<Stamp, Status> statuses) {

    /** What the model says of one version of the key. */
    public enum Status {
        /** The winner: every node holding the key must serve it. */
        WINNER,
        /** A kept concurrent loser: every node holding the key must hold it. */
        REQUIRED,
        /** Either is fine: near its retention edge, beyond the cap, or from before a purge. */
        OPTIONAL,
        /** A loser past retention + drift + one sweep: no node may hold it any more. */
        EXPIRED,
        /** Overwritten knowingly, or dropped by the owner rule: no node may hold it. */
        NOT_KEPT
    }

    public Expectation {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(winner, "winner");
        statuses = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(statuses));
    }

    public boolean deleted() {
        return winner.tombstone();
    }

    /** The status of {@code version}; null if the history has no such write (forged or unknown). */
    public Status status(Stamp version) {
        return statuses.get(version);
    }

    /** The versions every node holding the key must hold: the winner and the required losers, winner first. */
    public List<Stamp> required() {
        return statuses.entrySet().stream()
                .filter(e -> e.getValue() == Status.WINNER || e.getValue() == Status.REQUIRED)
                .sorted((a, b) -> a.getValue() == Status.WINNER ? -1 : b.getValue() == Status.WINNER ? 1 : 0)
                .map(Map.Entry::getKey).toList();
    }
}
