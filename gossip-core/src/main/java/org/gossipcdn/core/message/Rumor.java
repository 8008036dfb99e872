package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.version.BlobRecord;

/**
 * Push of fresh records. The receiver fetches missing content from {@code from} by hash,
 * checks it, and only then commits the record. Answered by {@link Ack}.
 */
public record Rumor(Address from, List<BlobRecord> records, List<Member> updates) implements Request<Ack> {
    public static final String TYPE = "rumor";

    public Rumor {
        Objects.requireNonNull(from, "from");
        records = List.copyOf(records);
        updates = List.copyOf(updates);
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
