package org.gossipcdn.node;

import io.undertow.util.HttpString;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Sha256;

/** The headers of the blob API beyond HTTP's own, and how ETags are formed. */
final class BlobHeaders {

    static final HttpString VERSION = HttpString.tryFromString("X-Gossip-Version");
    static final HttpString OWNER_KEY = HttpString.tryFromString("X-Gossip-Owner-Key");
    static final HttpString OWNED_SINCE = HttpString.tryFromString("X-Gossip-Owned-Since");
    static final HttpString SIGNATURE = HttpString.tryFromString("X-Gossip-Signature");
    /** The causal context a signed write carries (and its signature covers); absent means it saw nothing. */
    static final HttpString CONTEXT = HttpString.tryFromString("X-Gossip-Context");
    /** This node's wall clock in ms, on versions answers: a signed write's version may not lie before it. */
    static final HttpString CLOCK = HttpString.tryFromString("X-Gossip-Clock");
    static final HttpString CONTENT_SECURITY_POLICY = HttpString.tryFromString("Content-Security-Policy");

    private BlobHeaders() {
    }

    /** A strong ETag: the content hash, quoted. */
    static String etag(Sha256 hash) {
        return "\"" + hash + "\"";
    }

    static String etag(BlobRecord r) {
        return etag(r.contentHash());
    }
}
