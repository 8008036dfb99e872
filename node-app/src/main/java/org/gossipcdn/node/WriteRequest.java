package org.gossipcdn.node;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Base64;
import java.util.Deque;
import java.util.Optional;
import org.gossipcdn.core.replica.Precondition;
import org.gossipcdn.core.replica.SignedWrite;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;
import org.gossipcdn.transport.http.Problem;

/**
 * What a PUT or POST asks for, once its query and headers are checked; and the parsing of the
 * conditional and owner-signature headers that DELETE shares.
 *
 * @param signed the owner's signature, or null for an unsigned write
 */
record WriteRequest(int replicas, String contentType, Precondition precondition, boolean serverPicked, SignedWrite signed) {

    /** Owner-signature headers that are incomplete or malformed: answered with 400. */
    static final class BadSignatureHeaders extends Exception {
        private static final long serialVersionUID = 1L;

        BadSignatureHeaders(String message) {
            super(message);
        }
    }

    /** Checks a write's query and headers; answers the problem and returns empty when they are bad. */
    static Optional<WriteRequest> parse(HttpServerExchange ex, boolean serverPicked, long maxBlobBytes) {
        Optional<Integer> replicas = replicas(ex);
        if (replicas.isEmpty()) {
            Problem.send(ex, 400, "Bad Request", "replicas must be a whole number from 1 to 1000");
            return Optional.empty();
        }
        long declared = ex.getRequestContentLength();
        if (declared > maxBlobBytes) {
            ex.getResponseHeaders().put(Headers.CONNECTION, "close");
            Problem.send(ex, 413, "Content Too Large", "blob of " + declared + " bytes exceeds the limit of " + maxBlobBytes);
            return Optional.empty();
        }
        String contentType = Optional.ofNullable(ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE))
                .map(String::trim).filter(t -> !t.isEmpty()).orElse(BlobRecord.DEFAULT_CONTENT_TYPE);
        if (contentType.length() > BlobRecord.MAX_CONTENT_TYPE_LENGTH) {
            Problem.send(ex, 400, "Bad Request", "Content-Type is longer than " + BlobRecord.MAX_CONTENT_TYPE_LENGTH);
            return Optional.empty();
        }
        if (!MediaType.isValid(contentType)) {
            Problem.send(ex, 400, "Bad Request", "Content-Type must be a media type, type/subtype with optional "
                    + "; name=value parameters (RFC 9110), e.g. text/plain; charset=utf-8");
            return Optional.empty();
        }
        Optional<Precondition> pre = serverPicked ? Optional.of(Precondition.IF_ABSENT) : precondition(ex);
        if (pre.isEmpty()) {
            Problem.send(ex, 412, "Precondition Failed", "If-Match names an ETag this node never issued");
            return Optional.empty();
        }
        try {
            return Optional.of(new WriteRequest(replicas.get(), contentType, pre.get(), serverPicked,
                    signedWrite(ex).orElse(null)));
        } catch (BadSignatureHeaders e) {
            Problem.send(ex, 400, "Bad Request", e.getMessage());
            return Optional.empty();
        }
    }

    /** If-None-Match: * and If-Match as a precondition; empty when If-Match names an ETag this node never issued. */
    static Optional<Precondition> precondition(HttpServerExchange ex) {
        String inm = ex.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH);
        String im = ex.getRequestHeaders().getFirst(Headers.IF_MATCH);
        if (inm != null && inm.trim().equals("*")) {
            return Optional.of(Precondition.IF_ABSENT);
        }
        if (im != null && im.trim().equals("*")) {
            return Optional.of(Precondition.IF_PRESENT); // RFC 9110 §13.1.1: any current representation matches
        }
        if (im != null) {
            String tag = im.trim().replaceFirst("^W/", "");
            if (tag.length() == 66 && tag.startsWith("\"") && tag.endsWith("\"")) {
                try {
                    return Optional.of(new Precondition.IfMatch(Sha256.parse(tag.substring(1, 65))));
                } catch (IllegalArgumentException e) {
                    return Optional.empty();
                }
            }
            return Optional.empty(); // an ETag we never issued cannot match
        }
        return Optional.of(Precondition.NONE);
    }

    private static Optional<Integer> replicas(HttpServerExchange ex) {
        Deque<String> values = ex.getQueryParameters().get("replicas");
        if (values == null || values.isEmpty()) {
            return Optional.of(1);
        }
        try {
            int w = Integer.parseInt(values.getFirst());
            return w >= 1 && w <= 1000 ? Optional.of(w) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The owner's signature of a write, from {@code X-Gossip-Version}, {@code X-Gossip-Owner-Key},
     * {@code X-Gossip-Owned-Since} and {@code X-Gossip-Signature} (proposal 0010); empty when there
     * is no signature header.
     */
    static Optional<SignedWrite> signedWrite(HttpServerExchange ex) throws BadSignatureHeaders {
        var h = ex.getRequestHeaders();
        String signature = h.getFirst(BlobHeaders.SIGNATURE);
        if (signature == null) {
            return Optional.empty();
        }
        String version = h.getFirst(BlobHeaders.VERSION);
        String key = h.getFirst(BlobHeaders.OWNER_KEY);
        String since = h.getFirst(BlobHeaders.OWNED_SINCE);
        if (version == null || key == null || since == null) {
            throw new BadSignatureHeaders("a signed write needs X-Gossip-Version, X-Gossip-Owner-Key, "
                    + "X-Gossip-Owned-Since and X-Gossip-Signature together");
        }
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            String context = Optional.ofNullable(h.getFirst(BlobHeaders.CONTEXT)).orElse("");
            return Optional.of(new SignedWrite(Version.parse(version.trim()), CausalContext.parse(context),
                    OwnerSignature.of(b64.decode(key.trim()), Version.parse(since.trim()), b64.decode(signature.trim()))));
        } catch (IllegalArgumentException e) {
            throw new BadSignatureHeaders("malformed owner signature headers: " + e.getMessage());
        }
    }
}
