package org.gossipcdn.node;

import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.message.HasReply;
import org.gossipcdn.core.placement.Placement;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Version;
import org.gossipcdn.transport.http.Problem;

/**
 * {@code GET /v1/blobs/{uuid}/replicas}: where a blob's content is, as this node sees it — its
 * holders by score and whether each confirms it has the current version with its content, and
 * which other data members keep a cache copy. Asks every live data member at once, on a worker thread.
 */
final class BlobReplicas {

    /** Asks a member what it has of a key's version: confirmed as a holder, or on its disk ({@code GossipNode::askHas}). */
    @FunctionalInterface
    interface AskHas {
        CompletableFuture<HasReply> ask(Member member, UUID key, Version version);
    }

    private static final HasReply NO_ANSWER = new HasReply(false, false, false, false);

    /** A member that does not answer within this counts as not confirming. */
    private static final long ANSWER_MILLIS = 3_000;

    private final PlacementView placement;
    private final AskHas askHas;

    BlobReplicas(PlacementView placement, AskHas askHas) {
        this.placement = placement;
        this.askHas = askHas;
    }

    void answer(HttpServerExchange ex, UUID key, BlobRecord current) {
        List<Placement.Holder> ranked;
        try {
            ranked = placement.rank(key);
        } catch (PlacementView.PlacementUnknown e) {
            ContentResponses.unavailable(ex, e.getMessage());
            return;
        }
        List<CompletableFuture<HasReply>> asked = new ArrayList<>();
        for (Placement.Holder h : ranked) {
            asked.add(askHas.ask(h.member(), key, current.version())
                    .completeOnTimeout(NO_ANSWER, ANSWER_MILLIS, TimeUnit.MILLISECONDS).exceptionally(e -> NO_ANSWER));
        }
        int r = placement.replicas();
        List<Map<String, Object>> holders = new ArrayList<>();
        List<Map<String, Object>> caches = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Member m = ranked.get(i).member();
            HasReply has = asked.get(i).join();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("node", m.id().toString());
            entry.put("address", m.address().toString());
            if (i < r) {
                entry.put("score", ranked.get(i).score());
                entry.put("confirmed", has.stored());
                holders.add(entry);
            } else if (has.present()) {
                caches.add(entry);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key.toString());
        body.put("version", current.version().toString());
        body.put("replicas", r);
        body.put("holders", holders);
        body.put("caches", caches);
        Json.send(ex, 200, body);
    }

    /** 404 for a key with no current blob. */
    static void noBlob(HttpServerExchange ex, UUID key) {
        Problem.send(ex, 404, "Not Found", "no blob " + key);
    }
}
