package org.gossipcdn.core.message;

/**
 * The answer to {@link HasQuery}.
 *
 * @param holds the version, or a write that overwrote it, is committed here
 * @param safeToPurge this member cannot bring back what the queried version, a delete, removed: it
 *                    holds the delete or a write that overwrote it, nothing of the key, or only later
 *                    writes (proposal 0003)
 * @param stored the version is a head here with its content stored here (a delete has none), or a
 *               write here overwrote it: this member needs nothing more for it (placement's
 *               confirmation, proposal 0016)
 */
public record HasReply(boolean holds, boolean safeToPurge, boolean stored) implements Response {
    public static final String TYPE = "has-reply";

    @Override
    public String type() {
        return TYPE;
    }
}
