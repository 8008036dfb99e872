package org.gossipcdn.core.replica;

/** What offering a peer's record to the replica would do; see {@link Replica#assess}. */
public sealed interface Assessment {

    Assessment CHANGES = new Changes();
    Assessment NO_CHANGE = new NoChange();

    /** Merging it would change the replica: worth fetching its content and committing. */
    record Changes() implements Assessment {}

    /** The replica already holds it, or something that supersedes it, or it is beyond the clock drift. */
    record NoChange() implements Assessment {}

    /** Nothing vouches for it (forged signature, or not the key owner's); drop, count and log it. */
    record Untrusted(String reason) implements Assessment {}
}
