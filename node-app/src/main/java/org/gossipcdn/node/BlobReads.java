package org.gossipcdn.node;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gossipcdn.core.GossipNode;
import org.gossipcdn.core.spi.Store;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.transport.http.Problem;

/** The read side of the blob API: a key's current blob, content by hash, and a key's versions. */
final class BlobReads {

    private final GossipNode node;
    private final Store store;
    private final ContentResponses content;

    BlobReads(GossipNode node, Store store, ContentResponses content) {
        this.node = node;
        this.store = store;
        this.content = content;
    }

    /** The winner of {@code key} unless it is deleted or unknown here. */
    Optional<BlobRecord> live(UUID key) {
        return node.read(key).filter(s -> !s.isDeleted()).map(KeyState::winner);
    }

    /**
     * GET or HEAD of a key's current blob.
     *
     * @return false, having answered nothing, if it must be answered from a worker thread
     */
    boolean blob(HttpServerExchange ex, UUID key) throws IOException {
        Optional<BlobRecord> found = live(key);
        if (found.isEmpty()) {
            Problem.send(ex, 404, "Not Found", "no blob " + key);
            return true;
        }
        BlobRecord r = found.get();
        if (ex.isInIoThread() && !ContentResponses.servedInline(r.size())) {
            return false;
        }
        ex.getResponseHeaders().put(BlobHeaders.VERSION, r.version().toString());
        return content.send(ex, r.contentHash(), r.size(), r.contentType());
    }

    /** GET or HEAD of {@code /v1/content/{sha256}}: only content this node stores. */
    boolean content(HttpServerExchange ex, String hex) throws IOException {
        Sha256 hash;
        try {
            hash = Sha256.parse(hex);
        } catch (IllegalArgumentException e) {
            Problem.send(ex, 400, "Bad Request", e.getMessage());
            return true;
        }
        Optional<Long> size = store.contentSize(hash);
        if (size.isEmpty()) {
            Problem.send(ex, 404, "Not Found", "no content " + hash + " on this node");
            return true;
        }
        return content.send(ex, hash, size.get(), "application/octet-stream");
    }

    /** GET of a key's winner and kept losers, and the context a write that saw them all carries. */
    void versions(HttpServerExchange ex, UUID key) {
        ex.getResponseHeaders().put(BlobHeaders.CLOCK, System.currentTimeMillis());
        Optional<KeyState> state = node.read(key);
        if (state.isEmpty()) {
            Problem.send(ex, 404, "Not Found", "no blob " + key);
            return;
        }
        List<Map<String, Object>> losers = new ArrayList<>();
        state.get().losers().forEach(r -> losers.add(Json.record(r)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key.toString());
        body.put("winner", Json.record(state.get().winner()));
        body.put("losers", losers);
        // what a write that has seen every version above carries: an owner's client signs it
        body.put("nextWriteContext", state.get().contextForNextWrite().encode());
        Json.send(ex, 200, body);
    }
}
