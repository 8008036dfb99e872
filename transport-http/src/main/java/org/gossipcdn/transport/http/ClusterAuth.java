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
 * Cluster authentication of gossip calls, checked from the request head alone. Every request
 * carries the cluster id, the protocol version, a timestamp and, when the cluster has keys, a
 * random nonce, the SHA-256 of its body ({@value #HEADER_BODY_SHA256}), the sender's address when
 * the message names one ({@value #HEADER_SENDER}), and
 * {@code HMAC-SHA256(primary key, method ‖ path ‖ timestamp ‖ nonce ‖ cluster ‖ sender ‖ body SHA-256)}.
 * The receiver accepts a MAC made with any key of its {@link Keyring}, only within the timestamp
 * window, and only once (a {@link ReplayGuard} remembers accepted MACs until they leave the window).
 *
 * <p>Because the MAC covers the body's digest rather than the body, {@link #verifyHeaders} decides
 * before a single body byte is read or buffered; the receiver then reads the body (within its
 * budget) and refuses it unless it hashes to the signed digest ({@link #verifyBody}). A request
 * from another cluster, without a valid MAC, outside the window or replayed is refused before its
 * body is read, so it costs no memory and changes nothing (proposal 0004).
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
    /** Hex SHA-256 of the request body; covered by the MAC, checked once the body is read. */
    public static final String HEADER_BODY_SHA256 = "X-Gossip-Body-Sha256";
    /** The sender's advertised {@code host:port}, covered by the MAC; a body's own {@code from} must equal it. */
    public static final String HEADER_SENDER = "X-Gossip-Sender";
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

    /**
     * What signs one request: timestamp, nonce, body digest, the sender it names (if any) and, with
     * a key, the MAC.
     */
    public record Signature(String clusterId, long timestampMillis, String nonce, String bodySha256,
                            Optional<String> sender, Optional<String> mac) {

        /** Every header a signed request carries, in the order they are sent. */
        public Map<String, String> headers() {
            Map<String, String> h = new LinkedHashMap<>();
            h.put(HEADER_CLUSTER, clusterId);
            h.put(HEADER_PROTOCOL, String.valueOf(org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION));
            h.put(HEADER_TIMESTAMP, String.valueOf(timestampMillis));
            h.put(HEADER_NONCE, nonce);
            h.put(HEADER_BODY_SHA256, bodySha256);
            sender.ifPresent(s -> h.put(HEADER_SENDER, s));
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

    /** Signs one request that names no sender, now, with the primary key (no MAC in an open cluster). */
    public Signature sign(String method, String path, byte[] body) {
        return sign(method, path, Optional.empty(), body);
    }

    /** Signs one request from {@code sender} ({@code host:port}, when the message names one) now. */
    public Signature sign(String method, String path, Optional<String> sender, byte[] body) {
        long now = System.currentTimeMillis();
        byte[] n = new byte[12];
        random.nextBytes(n);
        String nonce = HexFormat.of().formatHex(n);
        String digest = HexFormat.of().formatHex(Sha256.newDigest().digest(body));
        String from = sender.orElse("");
        return new Signature(clusterId, now, nonce, digest, sender,
                keyring.primary().map(k -> HexFormat.of().formatHex(mac(k, method, path, now, nonce, from, digest))));
    }

    /**
     * Checks one inbound request with its body already read: {@link #verifyHeaders}, then
     * {@link #verifyBody}. {@code header} reads a request header by name.
     */
    public Verdict verify(String method, String path, Function<String, String> header, byte[] body, long nowMillis) {
        Verdict head = verifyHeaders(method, path, header, nowMillis);
        return head.ok() ? verifyBody(header, Sha256.newDigest().digest(body)) : head;
    }

    /**
     * Checks a request head before its body is read: cluster, protocol, and with keys the
     * timestamp window, nonce, MAC (over the declared body digest and sender) and replay.
     * A request carrying no cluster id at all is unauthenticated (401); another cluster's is 403.
     */
    public Verdict verifyHeaders(String method, String path, Function<String, String> header, long nowMillis) {
        String cluster = header.apply(HEADER_CLUSTER);
        if (cluster == null) {
            return new Verdict(401, "not an authenticated gossip request: " + HEADER_CLUSTER + " and the other "
                    + "X-Gossip-* headers are missing (gossip is sent by cluster members, not by clients)");
        }
        if (!clusterId.equals(cluster)) {
            return new Verdict(403, "this node belongs to cluster '" + clusterId + "', the request to '"
                    + Problem.printable(cluster) + "'");
        }
        String protocol = header.apply(HEADER_PROTOCOL);
        if (!String.valueOf(org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION).equals(protocol)) {
            return new Verdict(400, (protocol == null ? "missing " + HEADER_PROTOCOL : "protocol version '"
                    + Problem.printable(protocol) + "' is not supported") + "; this node speaks "
                    + org.gossipcdn.core.message.GossipMessage.PROTOCOL_VERSION);
        }
        String digest = header.apply(HEADER_BODY_SHA256);
        if (digest != null && !isSha256Hex(digest)) {
            return new Verdict(400, "malformed " + HEADER_BODY_SHA256 + " (64 hex digits expected)");
        }
        List<SecretKeySpec> keys = keyring.all();
        if (keys.isEmpty()) {
            return Verdict.OK;
        }
        long ts;
        try {
            ts = Long.parseLong(header.apply(HEADER_TIMESTAMP));
        } catch (NumberFormatException e) {
            return new Verdict(401, "missing or invalid " + HEADER_TIMESTAMP);
        }
        if (Math.abs(nowMillis - ts) > windowMillis) {
            return new Verdict(401, "request timestamp is outside the " + windowMillis / 1000 + " s window");
        }
        String nonce = header.apply(HEADER_NONCE);
        if (nonce == null || nonce.isEmpty() || nonce.length() > 64) {
            return new Verdict(401, "missing or malformed " + HEADER_NONCE);
        }
        if (digest == null) {
            return new Verdict(401, "missing " + HEADER_BODY_SHA256 + " (the MAC covers the body through it)");
        }
        String sender = header.apply(HEADER_SENDER);
        if (sender != null && sender.length() > 300) {
            return new Verdict(400, HEADER_SENDER + " is longer than an address can be");
        }
        String mac = header.apply(HEADER_MAC);
        if (mac == null || !isSha256Hex(mac)) {
            return new Verdict(401, "missing or malformed " + HEADER_MAC);
        }
        byte[] given = HexFormat.of().parseHex(mac);
        for (SecretKeySpec k : keys) {
            if (MessageDigest.isEqual(given, mac(k, method, path, ts, nonce, sender == null ? "" : sender, digest))) {
                return switch (replays.check(ByteBuffer.wrap(given).getLong(), ts + windowMillis, nowMillis)) {
                    case FIRST -> Verdict.OK;
                    case REPLAY -> new Verdict(401, "replayed request (this MAC was accepted before)");
                    case FULL -> new Verdict(503, "too many gossip requests to remember within the window; retry");
                };
            }
        }
        return new Verdict(401, "wrong cluster key (MAC matches none of the " + keys.size() + " keys in the keyring)");
    }

    /**
     * Checks a body, once read, against the digest its head declared (and the MAC covered). Without
     * keys a request may omit the digest; with keys {@link #verifyHeaders} already required it.
     */
    public Verdict verifyBody(Function<String, String> header, byte[] bodySha256) {
        String declared = header.apply(HEADER_BODY_SHA256);
        if (declared == null) {
            return hasKey() ? new Verdict(401, "missing " + HEADER_BODY_SHA256) : Verdict.OK;
        }
        if (!MessageDigest.isEqual(HexFormat.of().parseHex(declared), bodySha256)) {
            return new Verdict(401, "the body does not match its signed " + HEADER_BODY_SHA256);
        }
        return Verdict.OK;
    }

    private static boolean isSha256Hex(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private byte[] mac(SecretKeySpec k, String method, String path, long timestampMillis, String nonce, String sender,
                        String bodySha256) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(k);
            String signed = method + "\n" + path + "\n" + timestampMillis + "\n" + nonce + "\n" + clusterId + "\n"
                    + sender + "\n" + bodySha256.toLowerCase(java.util.Locale.ROOT);
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
