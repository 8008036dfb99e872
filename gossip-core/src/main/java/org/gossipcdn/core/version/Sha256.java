package org.gossipcdn.core.version;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A SHA-256 digest as four longs, so that records compare it by value (a raw {@code byte[]}
 * in a record would compare by identity). Content is addressed by it.
 */
public record Sha256(long a, long b, long c, long d) implements Comparable<Sha256> {

    /** The digest of zero bytes: the content of an empty blob and of every tombstone. */
    public static final Sha256 EMPTY = of(new byte[0]);

    public static Sha256 of(byte[] bytes) {
        MessageDigest md = newDigest();
        return fromBytes(md.digest(bytes));
    }

    public static Sha256 fromBytes(byte[] digest) {
        Objects.requireNonNull(digest, "digest");
        if (digest.length != 32) {
            throw new IllegalArgumentException("sha256 must be 32 bytes, was " + digest.length);
        }
        ByteBuffer buf = ByteBuffer.wrap(digest);
        return new Sha256(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
    }

    /** Parses 64 lower- or upper-case hex digits. */
    public static Sha256 parse(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 64) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits, was " + hex.length() + " characters");
        }
        try {
            return fromBytes(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sha256 must be 64 hex digits, was '" + hex + "'", e);
        }
    }

    /** A fresh SHA-256 {@link MessageDigest}; the JDK always provides one. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(32).putLong(a).putLong(b).putLong(c).putLong(d).array();
    }

    @Override
    public int compareTo(Sha256 o) {
        int r = Long.compareUnsigned(a, o.a);
        if (r == 0) r = Long.compareUnsigned(b, o.b);
        if (r == 0) r = Long.compareUnsigned(c, o.c);
        if (r == 0) r = Long.compareUnsigned(d, o.d);
        return r;
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(a) + hex.toHexDigits(b) + hex.toHexDigits(c) + hex.toHexDigits(d);
    }
}
