package org.gossipcdn.core.antientropy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.Sha256;

/**
 * A 128-bit digest combined by XOR. XOR makes a set digest order-free and updatable in O(1):
 * adding or removing an item is the same XOR. An item is the first 128 bits of
 * SHA-256(key ‖ hlc ‖ node ‖ content hash ‖ tombstone).
 */
public record Digest(long high, long low) {

    public static final Digest ZERO = new Digest(0, 0);

    public Digest xor(Digest other) {
        return new Digest(high ^ other.high, low ^ other.low);
    }

    public boolean isZero() {
        return high == 0 && low == 0;
    }

    /** The digest of one record as an item of a set. */
    public static Digest of(BlobRecord r) {
        MessageDigest md = Sha256.newDigest();
        ByteBuffer buf = ByteBuffer.allocate(16 + 8 + 16 + 32 + 1);
        buf.putLong(r.key().getMostSignificantBits()).putLong(r.key().getLeastSignificantBits());
        buf.putLong(r.version().hlc().packed());
        buf.putLong(r.version().node().high()).putLong(r.version().node().low());
        Sha256 h = r.contentHash();
        buf.putLong(h.a()).putLong(h.b()).putLong(h.c()).putLong(h.d());
        buf.put((byte) (r.tombstone() ? 1 : 0));
        ByteBuffer out = ByteBuffer.wrap(md.digest(buf.array()));
        return new Digest(out.getLong(), out.getLong());
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
