package org.gossipcdn.core.version;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;

/**
 * An owner's Ed25519 signature on one record, with what is needed to check it: the owner's
 * public key (X.509 encoded) and {@code since}, the version of the owner's first write of the key
 * (the owner's claim; see {@link KeyState} and proposals/0010-owner-signed-records.md).
 *
 * <p>The signature covers {@link #payload}: key, version (HLC and writer id), tombstone flag,
 * content hash, size, content type, causal context and {@code since}: everything that decides a
 * merge, so a member holding the cluster key cannot copy a signed record with another context to
 * knock out the owner's other records or to freeze the key. The writer id is the owner client's
 * own (each client of one owner key has its own, so a client's context never covers another
 * client's concurrent write); it is not tied to the owner key.
 *
 * <p>{@link #NONE} marks an unsigned record. Immutable; the arrays are copied in and out.
 */
public final class OwnerSignature implements Comparable<OwnerSignature> {

    public static final OwnerSignature NONE = new OwnerSignature(new byte[0], null, new byte[0]);
    /** X.509 SubjectPublicKeyInfo of an Ed25519 key: a 12-byte header and the 32-byte key. */
    public static final int PUBLIC_KEY_BYTES = 44;
    public static final int SIGNATURE_BYTES = 64;
    private static final byte[] DOMAIN = "gcdn-record-v2".getBytes(StandardCharsets.US_ASCII);

    /** Which of two claims to a key holds: the earlier first write, then the smaller key (a total order). */
    public static final java.util.Comparator<OwnerSignature> CLAIM_ORDER = java.util.Comparator
            .comparing(OwnerSignature::since)
            .thenComparing((a, b) -> Arrays.compare(a.publicKey, b.publicKey));

    private final byte[] publicKey;
    private final Version since;
    private final byte[] signature;

    private OwnerSignature(byte[] publicKey, Version since, byte[] signature) {
        this.publicKey = publicKey;
        this.since = since;
        this.signature = signature;
    }

    public static OwnerSignature of(byte[] publicKey, Version since, byte[] signature) {
        Objects.requireNonNull(since, "since");
        if (publicKey.length != PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("an owner key is a " + PUBLIC_KEY_BYTES + "-byte X.509 Ed25519 key, was "
                    + publicKey.length + " bytes");
        }
        if (signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("an Ed25519 signature has " + SIGNATURE_BYTES + " bytes, was " + signature.length);
        }
        return new OwnerSignature(publicKey.clone(), since, signature.clone());
    }

    /** Signs a record's fields with {@code key}; {@code publicKey} must be its pair. */
    public static OwnerSignature sign(PrivateKey key, byte[] publicKey, UUID blobKey, Version version, boolean tombstone,
                                      Sha256 contentHash, long size, String contentType, CausalContext seen, Version since) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(payload(blobKey, version, tombstone, contentHash, size, contentType, seen, since));
            return of(publicKey, since, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    /** The bytes an owner signs: fixed-width fields after a domain tag, so no two records share them. */
    public static byte[] payload(UUID key, Version version, boolean tombstone, Sha256 contentHash, long size,
                                 String contentType, CausalContext seen, Version since) {
        byte[] type = contentType.getBytes(StandardCharsets.UTF_8);
        int entries = seen.entries().size();
        ByteBuffer b = ByteBuffer.allocate(DOMAIN.length + 16 + 24 + 1 + 32 + 8 + 4 + type.length + 4 + 24 * entries + 24);
        b.put(DOMAIN).putLong(key.getMostSignificantBits()).putLong(key.getLeastSignificantBits());
        putVersion(b, version);
        b.put((byte) (tombstone ? 1 : 0)).put(contentHash.toBytes()).putLong(size);
        b.putInt(type.length).put(type);
        b.putInt(entries);
        seen.entries().forEach((node, hlc) -> putVersion(b, new Version(hlc, node)));
        putVersion(b, since);
        return b.array();
    }

    private static void putVersion(ByteBuffer b, Version v) {
        b.putLong(v.hlc().packed()).putLong(v.node().high()).putLong(v.node().low());
    }

    /** The owner's id, as people see it: the first 16 bytes of SHA-256 of its public key. */
    public static NodeId ownerId(byte[] publicKey) {
        ByteBuffer h = ByteBuffer.wrap(Sha256.newDigest().digest(publicKey));
        return new NodeId(h.getLong(), h.getLong());
    }

    public boolean isPresent() {
        return publicKey.length > 0;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    public byte[] signatureBytes() {
        return signature.clone();
    }

    /** The version of the owner's first write of the key; null when {@link #NONE}. */
    public Version since() {
        return since;
    }

    /** The owner's id ({@link #ownerId}). */
    public NodeId owner() {
        return ownerId(publicKey);
    }

    /** True if both carry the same owner key and the same claim ({@code since}). */
    public boolean sameClaim(OwnerSignature other) {
        return Arrays.equals(publicKey, other.publicKey) && Objects.equals(since, other.since);
    }

    /**
     * Checks this signature on {@code r}: the key is a valid Ed25519 key, the record's version is not
     * before {@code since}, and the signature verifies over every field that decides a merge. Costs
     * one Ed25519 verification (~0.1 ms); nodes check each signed record once, where it enters.
     */
    public boolean verifies(BlobRecord r) {
        if (!isPresent() || r.version().compareTo(since) < 0) {
            return false;
        }
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKey));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(payload(r.key(), r.version(), r.tombstone(), r.contentHash(), r.size(), r.contentType(), r.seen(), since));
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code base64(publicKey) since base64(signature)}, or the empty string for {@link #NONE}. */
    @Override
    public String toString() {
        if (!isPresent()) {
            return "";
        }
        Base64.Encoder b64 = Base64.getEncoder();
        return b64.encodeToString(publicKey) + " " + since + " " + b64.encodeToString(signature);
    }

    public static OwnerSignature parse(String text) {
        if (text == null || text.isEmpty()) {
            return NONE;
        }
        String[] parts = text.split(" ", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("owner signature must be 'key since signature', was '" + text + "'");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return of(b64.decode(parts[0]), Version.parse(parts[1]), b64.decode(parts[2]));
    }

    /** The owner key as printed to people: its id, 32 hex digits. */
    public String fingerprint() {
        return owner().toString();
    }

    @Override
    public int compareTo(OwnerSignature o) {
        int c = Arrays.compare(publicKey, o.publicKey);
        if (c == 0) {
            c = since == null ? (o.since == null ? 0 : -1) : o.since == null ? 1 : since.compareTo(o.since);
        }
        return c != 0 ? c : Arrays.compare(signature, o.signature);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OwnerSignature other && Arrays.equals(publicKey, other.publicKey)
                && Objects.equals(since, other.since) && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey) * 31 + Arrays.hashCode(signature);
    }
}
