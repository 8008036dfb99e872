package org.gossipcdn.core.message;

/**
 * The answer to {@link HasQuery}.
 *
 * @param holds the version, or a write that overwrote it, is committed here
 * @param safeToPurge this member cannot bring back what the queried version, a delete, removed: it
 *                    holds the delete or a write that overwrote it, nothing of the key, or only later
 *                    writes (proposal 0003)
 * @param stored the version is a head here with its content stored here (a delete has none), or a
 *               write here overwrote it, and this member holds the key in its view, keeping that
 *               content for good: this member needs nothing more for it (placement's
 *               confirmation, proposal 0016)
 * @param present the version's content is on this member's disk now, whether it holds the key or
 *                keeps a copy it may drop (a cache copy): where a reader may find it, no confirmation
 */
public record HasReply(boolean holds, boolean safeToPurge, boolean stored, boolean present) implements Response {
    public static final String TYPE = "has-reply";

    @Override
    public String type() {
        return TYPE;
    }
}
