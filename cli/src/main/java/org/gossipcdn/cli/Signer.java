package org.gossipcdn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;

/**
 * Signs a write with an owner key (proposal 0010): reads the key's versions from the node, picks a
 * version later than all of them and not before the node's clock (this client's writer id, see
 * {@link ClientId}), signs the causal context the node offers for the next write (so the write
 * overwrites exactly what this client saw), keeps the key's owned-since (or claims it with this write
 * if the key is not owned yet), and adds the signature headers to a request.
 */
final class Signer {

    private final OwnerKey key;

    Signer(OwnerKey key) {
        this.key = key;
    }

    /** What a signature covers besides the blob's key and the version. */
    record Content(boolean tombstone, Sha256 hash, long size, String contentType) {}

    /**
     * Sends a fresh {@code request()} through {@code send}: as it is without an owner key; with one,
     * signed, and signed again with a later version after a 409 (someone wrote meanwhile), at most
     * three times.
     */
    static HttpResponse<byte[]> send(NodeClient client, OwnerKey owner, UUID blob, Content content,
                                     Supplier<HttpRequest.Builder> request,
                                     Function<HttpRequest.Builder, HttpResponse<byte[]>> send) {
        HttpResponse<byte[]> r = null;
        for (int attempt = 0; attempt < 3 && (r == null || owner != null && r.statusCode() == 409); attempt++) {
            HttpRequest.Builder req = request.get();
            if (owner != null) {
                new Signer(owner).sign(client, req, blob, content.tombstone(), content.hash(), content.size(), content.contentType());
            }
            r = send.apply(req);
        }
        return r;
    }

    /** The signature headers for writing (or, with {@code tombstone}, deleting) {@code blob}. */
    void sign(NodeClient client, HttpRequest.Builder request, UUID blob, boolean tombstone, Sha256 hash, long size,
              String contentType) {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(client.uri("/v1/blobs/" + blob + "/versions"))
                .timeout(Duration.ofSeconds(10)).GET(), HttpResponse.BodyHandlers.ofByteArray());
        List<JsonNode> heads = new ArrayList<>();
        CausalContext seen = CausalContext.EMPTY;
        if (r.statusCode() != 404) {
            NodeClient.ensureOk(r, "reading the versions of " + blob);
            JsonNode body = NodeClient.readJson(r.body());
            heads.add(body.path("winner"));
            body.path("losers").forEach(heads::add);
            seen = CausalContext.parse(body.path("nextWriteContext").asText(""));
        }
        long nodeClock = r.headers().firstValue("X-Gossip-Clock").map(Long::parseLong).orElse(0L);
        Version latest = null;
        for (JsonNode h : heads) {
            Version v = Version.parse(h.path("version").asText());
            latest = latest == null || v.compareTo(latest) > 0 ? v : latest;
        }
        Version version = new Version(next(latest, nodeClock), ClientId.writerId(key.publicKey()));
        Version since = version;
        JsonNode winner = heads.isEmpty() ? null : heads.get(0);
        if (winner != null && winner.hasNonNull("owner")) {
            if (!winner.path("owner").asText().equals(key.fingerprint())) {
                throw CliException.failed("key " + blob + " is owned by " + winner.path("owner").asText()
                        + ", not by this key (" + key.fingerprint() + ")");
            }
            since = Version.parse(winner.path("ownedSince").asText());
        }
        OwnerSignature sig = OwnerSignature.sign(key.privateKey(), key.publicKey(), blob, version, tombstone, hash, size,
                contentType, seen, since);
        Base64.Encoder b64 = Base64.getEncoder();
        request.header("X-Gossip-Version", version.toString())
                .header("X-Gossip-Owner-Key", b64.encodeToString(key.publicKey()))
                .header("X-Gossip-Owned-Since", since.toString())
                .header("X-Gossip-Signature", b64.encodeToString(sig.signatureBytes()));
        if (!seen.entries().isEmpty()) {
            request.header("X-Gossip-Context", seen.encode());
        }
    }

    /** An HLC after {@code latest} and not before this machine's clock or the node's ({@code nodeClock} ms). */
    static Hlc next(Version latest, long nodeClock) {
        long now = Math.max(System.currentTimeMillis(), nodeClock);
        if (latest == null || now > latest.hlc().wallMillis()) {
            return new Hlc(now, 0);
        }
        Hlc l = latest.hlc();
        return l.counter() < Hlc.MAX_COUNTER ? new Hlc(l.wallMillis(), l.counter() + 1) : new Hlc(l.wallMillis() + 1, 0);
    }
}
