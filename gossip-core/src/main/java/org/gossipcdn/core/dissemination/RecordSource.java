package org.gossipcdn.core.dissemination;

import java.util.List;
import java.util.Optional;
import org.gossipcdn.core.message.RecordId;
import org.gossipcdn.core.version.BlobRecord;

/** What the broadcast tree asks of the replica: what it knows, what it holds, and small content to inline. */
public interface RecordSource {

    /** True if the replica holds this version or a write that overwrote it (an announcement of it is no news). */
    boolean knows(RecordId id);

    /** For a graft: the held records that answer {@code id} (it, or what overwrote it); empty if none. */
    List<BlobRecord> answering(RecordId id);

    /** The content of {@code record} if this node holds it and it is at most {@code maxBytes} long. */
    Optional<byte[]> smallContent(BlobRecord record, int maxBytes);

    /** A source that knows and holds nothing: the tree then pushes records without content. */
    RecordSource NONE = new RecordSource() {
        @Override
        public boolean knows(RecordId id) {
            return false;
        }

        @Override
        public List<BlobRecord> answering(RecordId id) {
            return List.of();
        }

        @Override
        public Optional<byte[]> smallContent(BlobRecord record, int maxBytes) {
            return Optional.empty();
        }
    };
}
