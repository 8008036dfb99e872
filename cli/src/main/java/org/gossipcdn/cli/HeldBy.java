package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Convergence receipts: every live data member asked (GET /v1/blobs/{key}/receipt) whether it holds
 * a version and since when. {@code holds} is "winner", "other" (another version), "none" or "unknown"
 * (no answer); {@code committedAt} is the member's clock, null when it no longer remembers.
 */
final class HeldBy {

    private HeldBy() {
    }

    /** Every live data member's receipt for the key: whether it holds {@code winner}, and since when. */
    static ArrayNode ask(Target target, NodeClient client, String key, String winner) {
        ArrayNode out = NodeClient.JSON.createArrayNode();
        for (JsonNode m : client.getJson("/v1/cluster/members")) {
            if (!m.path("role").asText().equals("data") || !m.path("status").asText().equals("alive")) {
                continue;
            }
            ObjectNode h = out.addObject().put("address", m.path("address").asText());
            try {
                NodeClient peer = target.client(m.path("address").asText());
                HttpResponse<byte[]> rr = peer.send(HttpRequest.newBuilder(peer.uri("/v1/blobs/" + key + "/receipt"))
                        .timeout(java.time.Duration.ofSeconds(5)).GET(), HttpResponse.BodyHandlers.ofByteArray());
                if (rr.statusCode() == 404) {
                    h.put("holds", "none");
                    continue;
                }
                NodeClient.ensureOk(rr, "receipt at " + peer.node);
                JsonNode receipt = NodeClient.readJson(rr.body());
                h.put("holds", receipt.path("version").asText().equals(winner) ? "winner" : "other")
                        .put("version", receipt.path("version").asText()).set("committedAt", receipt.path("committedAt"));
            } catch (CliException e) {
                h.put("holds", "unknown").put("error", e.getMessage());
            }
        }
        return out;
    }


    /** "a (since HH:MM:SS.mmm), b, ..." of the members that hold {@code winner}. */
    static String summary(ArrayNode held) {
        StringBuilder out = new StringBuilder();
        for (JsonNode h : held) {
            if (h.path("holds").asText().equals("winner")) {
                out.append(out.isEmpty() ? "" : ", ").append(Terminal.safe(h.path("address").asText()));
                if (h.path("committedAt").isNumber()) {
                    out.append(" (since ").append(java.time.Instant.ofEpochMilli(h.path("committedAt").asLong())).append(')');
                }
            }
        }
        return out.toString();
    }
}
