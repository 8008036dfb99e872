package org.gossipcdn.transport.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.gossipcdn.core.version.Sha256;

/**
 * Cluster authentication of gossip calls. Every request carries the cluster id, the protocol
 * version, a timestamp and, when a cluster key is set, {@code HMAC-SHA256(key, method ‖ path ‖
 * timestamp ‖ cluster ‖ SHA-256(body))}. A request from another cluster, without a valid MAC, or
 * with a timestamp outside the window is refused before it is decoded, so it changes nothing.
 *
 * <p>Thread-safe (a fresh {@link Mac} per call).
 */
public final class ClusterAuth {

    public static final String HEADER_CLUSTER = "X-Gossip-Cluster";
    public static final String HEADER_PROTOCOL = "X-Gossip-Protocol";
    public static final String HEADER_TIMESTAMP = "X-Gossip-Timestamp";
    public static final String HEADER_MAC = "X-Gossip-Mac";
    public static final String HEADER_TYPE = "X-Gossip-Type";
    public static final int MIN_KEY_LENGTH = 16;

    private final String clusterId;
    private final Optional<SecretKeySpec> key;
    private final long windowMillis;

    /** The outcome of checking a request; {@link #ok()} unless it must be refused. */
    public record Verdict(int status, String reason) {
        static final Verdict OK = new Verdict(200, "ok");

        public boolean ok() {
            return status == 200;
        }
    }

    /**
     * @param clusterKey the shared secret, at least {@value #MIN_KEY_LENGTH} characters; empty for an open cluster
     * @param window how far a request's timestamp may be from the receiver's clock
     */
    public ClusterAuth(String clusterId, Optional<String> clusterKey, Duration window) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
        if (clusterId.isBlank() || clusterId.length() > 64 || !clusterId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("cluster id must be 1..64 of [A-Za-z0-9._-], was '" + clusterId + "'");
        }
        clusterKey.ifPresent(k -> {
            if (k.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("cluster key must be at least " + MIN_KEY_LENGTH
                        + " characters, was " + k.length());
            }
        });
        this.key = clusterKey.map(k -> new SecretKeySpec(k.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        this.windowMillis = window.toMillis();
    }

    public String clusterId() {
        return clusterId;
    }

    public boolean hasKey() {
        return key.isPresent();
    }

    /** The MAC of one request, as hex; empty if no key is set. */
    public Optional<String> sign(String method, String path, long timestampMillis, byte[] body) {
        return key.map(k -> HexFormat.of().formatHex(mac(k, method, path, timestampMillis, body)));
    }

    /** Checks one inbound request's headers against its method, path and body. */
    public Verdict verify(String method, String path, String cluster, String protocol, String timestamp, String mac,
                          byte[] body, long nowMillis) {
        if (!clusterId.equals(cluster)) {
            return new Verdict(403, "this node belongs to cluster '" + clusterId + "', the request to '" + cluster + "'");
        }
        if (!String.valueOf(org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION).equals(protocol)) {
            return new Verdict(400, "protocol version '" + protocol + "' is not supported; this node speaks "
                    + org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION);
        }
        if (key.isEmpty()) {
            return Verdict.OK;
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp);
        } catch (NumberFormatException | NullPointerException e) {
            return new Verdict(401, "missing or invalid " + HEADER_TIMESTAMP);
        }
        if (Math.abs(nowMillis - ts) > windowMillis) {
            return new Verdict(401, "request timestamp is outside the " + windowMillis / 1000 + " s window");
        }
        if (mac == null || mac.length() != 64) {
            return new Verdict(401, "missing or malformed " + HEADER_MAC);
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(mac);
        } catch (IllegalArgumentException e) {
            return new Verdict(401, "malformed " + HEADER_MAC);
        }
        byte[] expected = mac(key.get(), method, path, ts, body);
        return MessageDigest.isEqual(given, expected) ? Verdict.OK : new Verdict(401, "wrong cluster key (MAC mismatch)");
    }

    private byte[] mac(SecretKeySpec k, String method, String path, long timestampMillis, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(k);
            String head = method + "\n" + path + "\n" + timestampMillis + "\n" + clusterId + "\n";
            mac.update(head.getBytes(StandardCharsets.UTF_8));
            mac.update(Sha256.newDigest().digest(body));
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
