package org.gossipcdn.core.replica;

import java.util.List;
import java.util.Objects;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;

/**
 * What offering records of one key to the replica would do; see {@link Replica#assess}.
 *
 * @param current the key's state now, null if the replica does not hold it
 * @param refused records that cannot be taken, each with why
 * @param trusted the records that may be merged
 * @param wanted the trusted records that would enter the state: worth fetching content for
 */
public record Assessment(KeyState current, List<Refusal> refused, List<BlobRecord> trusted, List<BlobRecord> wanted) {

    public Assessment {
        refused = List.copyOf(refused);
        trusted = List.copyOf(trusted);
        wanted = List.copyOf(wanted);
    }

    /**
     * A record that cannot be taken.
     *
     * @param untrusted true when nothing vouches for it (ill-formed, forged or not the owner's): drop,
     *                  count and log it with its sender; false when it is merely beyond the clock drift
     */
    public record Refusal(BlobRecord record, String reason, boolean untrusted) {
        public Refusal {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
