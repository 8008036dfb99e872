package org.gossipcdn.node;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
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
import org.xnio.IoUtils;

/**
 * The read side of the blob API: a key's current blob (read through from its holders when this
 * node lacks the content, proposal 0018), content by hash, a key's versions and where its content is.
 */
final class BlobReads {

    /** Content is addressed by its hash, so a response for one never changes. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final GossipNode node;
    private final Store store;
    private final ContentResponses content;
    private final ReadThrough readThrough;
    private final NodeMetrics metrics;
    private final BlobReplicas replicas;

    BlobReads(GossipNode node, Store store, ContentResponses content, ReadThrough readThrough, NodeMetrics metrics,
              BlobReplicas replicas) {
        this.replicas = replicas;
        this.node = node;
        this.store = store;
        this.content = content;
        this.readThrough = readThrough;
        this.metrics = metrics;
    }

    /** The winner of {@code key} unless it is deleted or unknown here. */
    Optional<BlobRecord> live(UUID key) {
        return node.read(key).filter(s -> !s.isDeleted()).map(KeyState::winner);
    }

    /**
     * GET or HEAD of a key's current blob. Content stored here (a holder's or a cache copy) is a
     * hit; a miss is read through from a worker thread.
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
        Sha256 hash = r.contentHash();
        boolean hot = content.isHot(hash);
        boolean local = hot || readThrough.isLocal(hash);
        if (hot) {
            readThrough.servedFromMemory(hash);
        }
        if (ex.isInIoThread() && (!local || !ContentResponses.servedInline(r.size()))) {
            return false;
        }
        ex.getResponseHeaders().put(BlobHeaders.VERSION, r.version().toString());
        if (local) {
            metrics.edgeCacheHit();
            return content.send(ex, hash, r.size(), r.contentType());
        }
        readThroughMiss(ex, r);
        return true;
    }

    /**
     * A miss, on a worker: fetches the whole content once (a Range or HEAD too) and serves it. The
     * reader that leads the fetch of a large whole body streams it to its client as it arrives.
     */
    private void readThroughMiss(HttpServerExchange ex, BlobRecord r) throws IOException {
        Sha256 hash = r.contentHash();
        if (ex.getRequestMethod().equals(Methods.HEAD)) { // 200 only if a GET would get the bytes
            try (ReadThrough.Lease lease = readThrough.fetch(r.key(), hash, r.size(), null)) {
                content.send(ex, hash, r.size(), r.contentType());
            } catch (ReadThrough.Unavailable e) {
                ContentResponses.unavailable(ex, e.getMessage());
            }
            return;
        }
        Optional<ContentResponses.Part> part = content.head(ex, hash, r.size(), r.contentType());
        if (part.isEmpty()) {
            return; // 304 or 416: answered without the bytes
        }
        ClientTee tee = part.get().whole() && !ContentResponses.servedInline(r.size()) ? new ClientTee(ex.getOutputStream()) : null;
        try (ReadThrough.Lease lease = readThrough.fetch(r.key(), hash, r.size(), tee)) {
            if (lease.streamed()) {
                metrics.servedBytes(r.size());
            } else if (tee != null && tee.started()) {
                IoUtils.safeClose(ex.getConnection()); // part of a failed source's bytes went out: fail, never complete it
            } else {
                content.body(ex, hash, r.size(), part.get());
            }
        } catch (ReadThrough.Unavailable e) {
            if (tee != null && tee.started()) {
                IoUtils.safeClose(ex.getConnection());
            } else {
                ContentResponses.unavailable(ex, e.getMessage());
            }
        }
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
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, IMMUTABLE);
        return content.send(ex, hash, size.get(), "application/octet-stream");
    }

    /** GET of where a key's content is: its holders (confirmed or not) and the members caching it. */
    void replicas(HttpServerExchange ex, UUID key) {
        live(key).ifPresentOrElse(r -> replicas.answer(ex, key, r), () -> BlobReplicas.noBlob(ex, key));
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
