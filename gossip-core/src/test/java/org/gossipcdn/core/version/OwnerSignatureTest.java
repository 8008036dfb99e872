package org.gossipcdn.core.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;
import org.junit.jupiter.api.Test;

/**
 * Owner signatures with real Ed25519 keys (proposal 0010): a signature verifies on exactly the
 * record it was made for; changing any signed field (the causal context included) or the claim breaks it.
 */
class OwnerSignatureTest {

    private static final UUID KEY = new UUID(3, 4);
    private static final KeyPair OWNER = generate();
    private static final KeyPair OTHER = generate();

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static NodeId idOf(KeyPair k) {
        return OwnerSignature.ownerId(k.getPublic().getEncoded());
    }

    /** A record of {@code k}'s, signed by it (the one place the signing call is made). */
    private static BlobRecord signed(KeyPair k, BlobRecord r, Version since) {
        return r.signed(OwnerSignature.sign(k.getPrivate(), k.getPublic().getEncoded(), r.key(), r.version(), r.tombstone(),
                r.contentHash(), r.size(), r.contentType(), r.seen(), since));
    }

    private static BlobRecord write(Version v, int content, long size, String type) {
        return new BlobRecord(KEY, v, false, Sha256.of(new byte[] {(byte) content}), size, type, CausalContext.EMPTY);
    }

    private static final Version FIRST = new Version(new Hlc(1_000, 0), idOf(OWNER));
    private static final Version LATER = new Version(new Hlc(2_000, 0), idOf(OWNER));

    @Test
    void aSignatureVerifiesOnTheRecordItWasMadeFor() {
        BlobRecord first = signed(OWNER, write(FIRST, 1, 1, "text/plain"), FIRST);
        BlobRecord later = signed(OWNER, write(LATER, 2, 1, "text/plain"), FIRST);
        assertThat(first.owner().verifies(first)).isTrue();
        assertThat(later.owner().verifies(later)).isTrue();
        BlobRecord delete = signed(OWNER, BlobRecord.tombstone(KEY, LATER, CausalContext.EMPTY), FIRST);
        assertThat(delete.owner().verifies(delete)).isTrue();
        assertThat(first.isSigned()).isTrue();
        assertThat(first.owner().owner()).isEqualTo(idOf(OWNER));
    }

    @Test
    void changingAnySignedFieldBreaksTheSignature() {
        BlobRecord r = signed(OWNER, write(LATER, 1, 5, "text/plain"), FIRST);
        OwnerSignature sig = r.owner();
        List<UnaryOperator<BlobRecord>> tampers = List.of(
                x -> new BlobRecord(new UUID(3, 5), x.version(), false, x.contentHash(), x.size(), x.contentType(), x.seen(), sig),
                x -> new BlobRecord(KEY, new Version(new Hlc(2_000, 1), idOf(OWNER)), false, x.contentHash(), x.size(),
                        x.contentType(), x.seen(), sig),
                x -> new BlobRecord(KEY, new Version(new Hlc(2_001, 0), idOf(OWNER)), false, x.contentHash(), x.size(),
                        x.contentType(), x.seen(), sig),
                x -> new BlobRecord(KEY, x.version(), false, Sha256.of(new byte[] {2}), x.size(), x.contentType(), x.seen(), sig),
                x -> new BlobRecord(KEY, x.version(), false, x.contentHash(), 6, x.contentType(), x.seen(), sig),
                x -> new BlobRecord(KEY, x.version(), false, x.contentHash(), x.size(), "text/html", x.seen(), sig),
                x -> new BlobRecord(KEY, x.version(), true, Sha256.EMPTY, 0, x.contentType(), x.seen(), sig),
                x -> new BlobRecord(KEY, x.version(), false, x.contentHash(), x.size(), x.contentType(),
                        CausalContext.EMPTY.with(FIRST), sig));
        for (UnaryOperator<BlobRecord> tamper : tampers) {
            BlobRecord forged = tamper.apply(r);
            assertThat(sig.verifies(forged)).as("%s", forged).isFalse();
        }
        // a claim moved to another first write
        OwnerSignature movedClaim = OwnerSignature.of(sig.publicKey(), LATER, sig.signatureBytes());
        assertThat(movedClaim.verifies(r.signed(movedClaim))).isFalse();
        // another key's signature bytes
        BlobRecord theirs = signed(OTHER, write(new Version(LATER.hlc(), idOf(OTHER)), 1, 5, "text/plain"),
                new Version(LATER.hlc(), idOf(OTHER)));
        OwnerSignature swapped = OwnerSignature.of(sig.publicKey(), FIRST, theirs.owner().signatureBytes());
        assertThat(swapped.verifies(r.signed(swapped))).isFalse();
    }

    @Test
    void theVersionMustNotBeBeforeTheClaim() {
        Version beforeClaim = new Version(new Hlc(999, 0), idOf(OWNER));
        BlobRecord early = signed(OWNER, write(beforeClaim, 1, 1, "a"), FIRST);
        assertThat(early.owner().verifies(early)).isFalse();
        BlobRecord atClaim = signed(OWNER, write(FIRST, 1, 1, "a"), FIRST);
        assertThat(atClaim.owner().verifies(atClaim)).as("the first write itself").isTrue();
        assertThat(OwnerSignature.NONE.verifies(atClaim)).isFalse();
        OwnerSignature junkKey = OwnerSignature.of(new byte[OwnerSignature.PUBLIC_KEY_BYTES], FIRST,
                new byte[OwnerSignature.SIGNATURE_BYTES]);
        BlobRecord underJunk = write(new Version(FIRST.hlc(), junkKey.owner()), 1, 1, "a").signed(junkKey);
        assertThat(junkKey.verifies(underJunk)).as("not a valid key: false, not an exception").isFalse();
    }

    @Test
    void theOwnerIdIsTheFirst16BytesOfTheKeysSha256() throws Exception {
        byte[] key = OWNER.getPublic().getEncoded();
        ByteBuffer h = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(key));
        NodeId expected = new NodeId(h.getLong(), h.getLong());
        assertThat(OwnerSignature.ownerId(key)).isEqualTo(expected);
        OwnerSignature sig = signed(OWNER, write(FIRST, 1, 1, "a"), FIRST).owner();
        assertThat(sig.fingerprint()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 16));
    }

    @Test
    void signaturesRoundTripThroughTextAndBadTextIsRefused() {
        OwnerSignature sig = signed(OWNER, write(FIRST, 1, 1, "a"), FIRST).owner();
        assertThat(OwnerSignature.parse(sig.toString())).isEqualTo(sig);
        assertThat(sig.toString()).contains(" " + FIRST + " ");
        assertThat(OwnerSignature.NONE.toString()).isEmpty();
        assertThat(OwnerSignature.parse("")).isSameAs(OwnerSignature.NONE);
        assertThat(OwnerSignature.parse(null)).isSameAs(OwnerSignature.NONE);
        assertThatThrownBy(() -> OwnerSignature.parse("a b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key since signature");
        assertThatThrownBy(() -> OwnerSignature.parse("a b c d")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OwnerSignature.of(new byte[43], FIRST, new byte[64])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("44-byte").hasMessageContaining("43");
        assertThatThrownBy(() -> OwnerSignature.of(new byte[44], FIRST, new byte[63])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 bytes").hasMessageContaining("63");
        assertThatThrownBy(() -> OwnerSignature.of(new byte[44], null, new byte[64])).isInstanceOf(NullPointerException.class);
    }

    @Test
    void signaturesAreValuesWhoseArraysCannotBeChangedFromOutside() {
        byte[] key = new byte[OwnerSignature.PUBLIC_KEY_BYTES];
        byte[] bytes = new byte[OwnerSignature.SIGNATURE_BYTES];
        OwnerSignature a = OwnerSignature.of(key, FIRST, bytes);
        key[0] = 9;
        bytes[0] = 9;
        a.publicKey()[1] = 9;
        a.signatureBytes()[1] = 9;
        OwnerSignature same = OwnerSignature.of(new byte[44], FIRST, new byte[64]);
        assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
        assertThat(a.compareTo(same)).isZero();
        assertThat(a.publicKey()).isEqualTo(new byte[44]);
        assertThat(a.signatureBytes()).isEqualTo(new byte[64]);

        byte[] k2 = new byte[44];
        k2[43] = 1;
        byte[] s2 = new byte[64];
        s2[63] = 1;
        List<OwnerSignature> distinct = List.of(a, OwnerSignature.of(k2, FIRST, new byte[64]),
                OwnerSignature.of(new byte[44], LATER, new byte[64]), OwnerSignature.of(new byte[44], FIRST, s2),
                OwnerSignature.NONE);
        for (OwnerSignature x : distinct) {
            for (OwnerSignature y : distinct) {
                assertThat(x.equals(y)).as("%s = %s", x, y).isEqualTo(x == y);
                assertThat(x.compareTo(y) == 0).as("%s vs %s", x, y).isEqualTo(x == y);
                assertThat(Integer.signum(x.compareTo(y))).isEqualTo(-Integer.signum(y.compareTo(x)));
            }
        }
        assertThat(a).isNotEqualTo("a string");
        assertThat(a.hashCode()).isNotEqualTo(OwnerSignature.of(new byte[44], FIRST, s2).hashCode());
        assertThat(a.isPresent()).isTrue();
        assertThat(OwnerSignature.NONE.isPresent()).isFalse();
        assertThat(OwnerSignature.NONE.compareTo(a)).as("NONE sorts first").isNegative();
    }

    @Test
    void theEarlierFirstWriteHoldsTheClaimThenTheSmallerKey() {
        byte[] k1 = new byte[44];
        k1[43] = 1;
        byte[] k2 = new byte[44];
        k2[43] = 2;
        OwnerSignature early2 = OwnerSignature.of(k2, FIRST, new byte[64]);
        OwnerSignature late1 = OwnerSignature.of(k1, LATER, new byte[64]);
        OwnerSignature early1 = OwnerSignature.of(k1, FIRST, new byte[64]);
        assertThat(OwnerSignature.CLAIM_ORDER.compare(early2, late1)).isNegative();
        assertThat(OwnerSignature.CLAIM_ORDER.compare(early1, early2)).isNegative();
        assertThat(OwnerSignature.CLAIM_ORDER.compare(early1, OwnerSignature.of(k1, FIRST, new byte[64]))).isZero();
        assertThat(early1.sameClaim(OwnerSignature.of(k1, FIRST, early2.signatureBytes()))).isTrue();
        assertThat(early1.sameClaim(early2)).isFalse();
        assertThat(early1.sameClaim(late1)).isFalse();
    }
}
