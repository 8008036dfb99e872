package org.gossipcdn.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gossipcdn.core.membership.Member;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.transport.http.GossipJson;

/** JSON bodies of the public API. */
public final class Json {

    private static final ObjectMapper MAPPER = new GossipJson().mapper();

    private Json() {
    }

    public static void send(HttpServerExchange ex, int status, Object body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        try {
            ex.getResponseSender().send(ByteBuffer.wrap(MAPPER.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a response", e);
        }
    }

    /** {@code body} as JSON text (for event streams). */
    static String text(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode an event", e);
        }
    }

    /** A record as the API shows it: version, etag, size, content type, whether it deletes, where its bytes are. */
    static Map<String, Object> record(BlobRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", r.key().toString());
        m.put("version", r.version().toString());
        m.put("etag", BlobHeaders.etag(r));
        m.put("tombstone", r.tombstone());
        m.put("size", r.size());
        m.put("contentType", r.contentType());
        m.put("content", "/v1/content/" + r.contentHash());
        Map<String, String> seen = new LinkedHashMap<>();
        r.seen().entries().forEach((node, hlc) -> seen.put(node.toString(), hlc.toString()));
        m.put("supersedes", seen); // what the writer had seen of this key: the versions it overwrote knowingly
        if (r.isSigned()) {
            m.put("owner", r.owner().fingerprint());
            m.put("ownerKey", java.util.Base64.getEncoder().encodeToString(r.owner().publicKey()));
            m.put("ownedSince", r.owner().since().toString());
        }
        return m;
    }

    public static Map<String, Object> member(Member m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id().toString());
        out.put("address", m.address().toString());
        out.put("role", m.role().name().toLowerCase(java.util.Locale.ROOT));
        out.put("status", m.status().name().toLowerCase(java.util.Locale.ROOT));
        out.put("incarnation", m.incarnation());
        return out;
    }
}
