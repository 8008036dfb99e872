package org.gossipcdn.transport.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.gossipcdn.core.version.Sha256;

/**
 * Cluster authentication of gossip calls. Every request carries the cluster id, the protocol
 * version, a timestamp and, when the cluster has keys, a random nonce and
 * {@code HMAC-SHA256(primary key, method ‖ path ‖ timestamp ‖ nonce ‖ cluster ‖ SHA-256(body))}.
 * The receiver accepts a MAC made with any key of its {@link Keyring}, only within the timestamp
 * window, and only once (a {@link ReplayGuard} remembers accepted MACs until they leave the window).
 * A request from another cluster, without a valid MAC, outside the window or replayed is refused
 * before it is decoded, so it changes nothing.
 *
 * <p>Thread-safe (a fresh {@link Mac} per call).
 */
public final class ClusterAuth {

    public static final String HEADER_CLUSTER = "X-Gossip-Cluster";
    public static final String HEADER_PROTOCOL = "X-Gossip-Protocol";
    public static final String HEADER_TIMESTAMP = "X-Gossip-Timestamp";
    public static final String HEADER_NONCE = "X-Gossip-Nonce";
    public static final String HEADER_MAC = "X-Gossip-Mac";
    public static final String HEADER_TYPE = "X-Gossip-Type";
    public static final int MIN_KEY_LENGTH = 16;
    /** Accepted MACs remembered at most; at ~1 KB of heap per 10 entries this bounds the guard to ~20 MB. */
    static final int MAX_REMEMBERED = 200_000;

    private final String clusterId;
    private final Keyring keyring;
    private final long windowMillis;
    private final ReplayGuard replays = new ReplayGuard(MAX_REMEMBERED);
    private final SecureRandom random = new SecureRandom();

    /** The outcome of checking a request; {@link #ok()} unless it must be refused. */
    public record Verdict(int status, String reason) {
        static final Verdict OK = new Verdict(200, "ok");

        public boolean ok() {
            return status == 200;
        }
    }

    /** What signs one request: timestamp, nonce and, with a key, the MAC. */
    public record Signature(String clusterId, long timestampMillis, String nonce, Optional<String> mac) {

        /** Every header a signed request carries, in the order they are sent. */
        public Map<String, String> headers() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put(HEADER_CLUSTER, clusterId);
            h.put(HEADER_PROTOCOL, String.valueOf(org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION));
            h.put(HEADER_TIMESTAMP, String.valueOf(timestampMillis));
            h.put(HEADER_NONCE, nonce);
            mac.ifPresent(m -> h.put(HEADER_MAC, m));
            return h;
        }
    }

    /**
     * @param clusterKey the shared secret, at least {@value #MIN_KEY_LENGTH} characters; empty for an open cluster
     * @param window how far a request's timestamp may be from the receiver's clock
     */
    public ClusterAuth(String clusterId, Optional<String> clusterKey, Duration window) {
        this(clusterId, Keyring.of(clusterKey), window);
    }

    public ClusterAuth(String clusterId, Keyring keyring, Duration window) {
        this.clusterId = Objects.requireNonNull(clusterId, "clusterId");
        if (clusterId.isBlank() || clusterId.length() > 64 || !clusterId.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("cluster id must be 1..64 of [A-Za-z0-9._-], was '" + clusterId + "'");
        }
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.windowMillis = window.toMillis();
    }

    public String clusterId() {
        return clusterId;
    }

    public boolean hasKey() {
        return !keyring.isEmpty();
    }

    public Keyring keyring() {
        return keyring;
    }

    /** Signs one request now with the primary key (no MAC in an open cluster). */
    public Signature sign(String method, String path, byte[] body) {
        long now = System.currentTimeMillis();
        byte[] n = new byte[12];
        random.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        return new Signature(clusterId, now, nonce, keyring.primary().map(k -> HexFormat.of().formatHex(mac(k, method, path, now, nonce, body))));
    }

    /** Checks one inbound request against its method, path and body; {@code header} reads a request header by name. */
    public Verdict verify(String method, String path, Function<String, String> header, byte[] body,
                          long nowMillis) {
        return verify(method, path, header.apply(HEADER_CLUSTER), header.apply(HEADER_PROTOCOL), header.apply(HEADER_TIMESTAMP),
                header.apply(HEADER_NONCE), header.apply(HEADER_MAC), body, nowMillis);
    }

    /** Checks one inbound request's headers against its method, path and body. */
    public Verdict verify(String method, String path, String cluster, String protocol, String timestamp, String nonce,
                          String mac, byte[] body, long nowMillis) {
        if (!clusterId.equals(cluster)) {
            return new Verdict(403, "this node belongs to cluster '" + clusterId + "', the request to '" + cluster + "'");
        }
        if (!String.valueOf(org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION).equals(protocol)) {
            return new Verdict(400, "protocol version '" + protocol + "' is not supported; this node speaks "
                    + org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION);
        }
        List<SecretKeySpec> keys = keyring.all();
        if (keys.isEmpty()) {
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
        if (nonce == null || nonce.isEmpty() || nonce.length() > 64) {
            return new Verdict(401, "missing or malformed " + HEADER_NONCE);
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
        for (SecretKeySpec k : keys) {
            if (MessageDigest.isEqual(given, mac(k, method, path, ts, nonce, body))) {
                return switch (replays.check(ByteBuffer.wrap(given).getLong(), ts + windowMillis, nowMillis)) {
                    case FIRST -> Verdict.OK;
                    case REPLAY -> new Verdict(401, "replayed request (this MAC was accepted before)");
                    case FULL -> new Verdict(503, "too many gossip requests to remember within the window; retry");
                };
            }
        }
        return new Verdict(401, "wrong cluster key (MAC matches none of the " + keys.size() + " keys in the keyring)");
    }

    private byte[] mac(SecretKeySpec k, String method, String path, long timestampMillis, String nonce, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(k);
            String head = method + "\n" + path + "\n" + timestampMillis + "\n" + nonce + "\n" + clusterId + "\n";
            mac.update(head.getBytes(StandardCharsets.UTF_8));
            mac.update(Sha256.newDigest().digest(body));
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
