package org.gossipcdn.core.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;

/**
 * A 128-bit digest. A key's digest ({@link #of(KeyState)}) hashes every field of every head in
 * head order, so two states differ in digest whenever they differ at all (up to a 2^-128
 * collision): context, owner, size and content type included, and two heads can never cancel.
 * Key digests are combined into leaves by XOR, which is order-free and updatable in O(1); keys are
 * distinct, so no two items of a leaf are equal and nothing cancels there either.
 * See proposals/0002-digest-tree.md.
 */
public record Digest(long high, long low) {

    public static final Digest ZERO = new Digest(0, 0);

    public Digest xor(Digest other) {
        return new Digest(high ^ other.high, low ^ other.low);
    }

    public boolean isZero() {
        return high == 0 && low == 0;
    }

    /** The digest of a key's state: SHA-256 over each head's fields, greatest head first; ZERO for no state. */
    public static Digest of(KeyState state) {
        if (state == null) {
            return ZERO;
        }
        MessageDigest md = Sha256.newDigest();
        md.update(DOMAIN);
        ByteBuffer buf = ByteBuffer.allocate(256);
        putLong(md, buf, state.heads().size());
        for (BlobRecord r : state.heads()) {
            putLong(md, buf, r.key().getMostSignificantBits());
            putLong(md, buf, r.key().getLeastSignificantBits());
            putLong(md, buf, r.version().hlc().packed());
            putNode(md, buf, r.version().node());
            md.update((byte) (r.tombstone() ? 1 : 0));
            md.update(r.contentHash().toBytes());
            putLong(md, buf, r.size());
            putBytes(md, buf, r.contentType().getBytes(StandardCharsets.UTF_8));
            putLong(md, buf, r.seen().entries().size());
            for (Map.Entry<NodeId, Hlc> e : r.seen().entries().entrySet()) {
                putNode(md, buf, e.getKey());
                putLong(md, buf, e.getValue().packed());
            }
            OwnerSignature owner = r.owner();
            md.update((byte) (owner.isPresent() ? 1 : 0));
            if (owner.isPresent()) {
                putBytes(md, buf, owner.publicKey());
                putLong(md, buf, owner.since().hlc().packed());
                putNode(md, buf, owner.since().node());
                putBytes(md, buf, owner.signatureBytes());
            }
        }
        ByteBuffer out = ByteBuffer.wrap(md.digest());
        return new Digest(out.getLong(), out.getLong());
    }

    private static final byte[] DOMAIN = "gcdn-key-digest-v2".getBytes(StandardCharsets.US_ASCII);

    private static void putLong(MessageDigest md, ByteBuffer buf, long v) {
        buf.clear();
        md.update(buf.putLong(v).array(), 0, 8);
    }

    private static void putNode(MessageDigest md, ByteBuffer buf, NodeId n) {
        putLong(md, buf, n.high());
        putLong(md, buf, n.low());
    }

    private static void putBytes(MessageDigest md, ByteBuffer buf, byte[] bytes) {
        putLong(md, buf, bytes.length);
        md.update(bytes);
    }

    public static Digest parse(String hex) {
        if (hex.length() != 32) {
            throw new IllegalArgumentException("digest must be 32 hex digits, was '" + hex + "'");
        }
        return new Digest(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
    }

    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }
}
