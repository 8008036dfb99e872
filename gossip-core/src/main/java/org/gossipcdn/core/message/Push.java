package org.gossipcdn.core.message;

import java.util.List;
import java.util.Objects;
import org.gossipcdn.core.identity.Address;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.version.BlobRecord;

/**
 * Eager push along the broadcast tree (proposal 0021): records the sender has just committed,
 * with the content of the small ones inline. Content not inline is fetched from {@code address}.
 * Answered by {@link PushReply}, which asks the sender to prune the link if every record was a
 * duplicate. {@code direct}: the sender's own writes, pushed by it to every data member of a small
 * network (a star rooted at the writer): the receiver pushes them on to no one, and the push says
 * nothing about tree links.
 */
public record Push(NodeId from, Address address, List<BlobRecord> records, List<InlineContent> contents,
                   List<Member> updates, boolean direct) implements Request<PushReply> {
    public static final String TYPE = "push";

    public Push {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(address, "address");
        records = List.copyOf(records);
        contents = List.copyOf(contents);
        updates = List.copyOf(updates);
    }

    @Override
    public Class<PushReply> responseType() {
        return PushReply.class;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
