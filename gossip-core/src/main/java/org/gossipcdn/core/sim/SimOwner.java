package org.gossipcdn.core.sim;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.replica.SignedWrite;
import org.gossipcdn.core.time.Hlc;
import org.gossipcdn.core.version.BlobRecord;
import org.gossipcdn.core.version.CausalContext;
import org.gossipcdn.core.version.KeyState;
import org.gossipcdn.core.version.OwnerSignature;
import org.gossipcdn.core.version.Sha256;
import org.gossipcdn.core.version.Version;

/**
 * A key owner's client in the simulator (proposal 0010), as {@code gcdn put --sign} behaves: it
 * reads what the node holds of the key, picks a version later than every one of them (its own
 * clock, the node's wall clock here), repeats the claim's {@code since} if the key is its own, and
 * signs. Its Ed25519 key pair is drawn from a seed, so runs stay a pure function of the seed.
 */
public final class SimOwner {

    private final KeyPair keys;
    private final byte[] publicKey;
    private final NodeId id;

    private SimOwner(KeyPair keys, NodeId id) {
        this.keys = keys;
        this.publicKey = keys.getPublic().getEncoded();
        this.id = id;
    }

    /**
     * Another client of the same owner key: same key pair, its own writer id (as each
     * {@code gcdn} installation derives one; proposal 0010).
     */
    public SimOwner client(int n) {
        return new SimOwner(keys, new NodeId(id.high() ^ 0x5bd1e995L * (n + 1), id.low() + n + 1));
    }

    public SimOwner(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, random);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519 or SHA1PRNG", e);
        }
        this.publicKey = keys.getPublic().getEncoded();
        this.id = OwnerSignature.ownerId(publicKey);
    }

    /** The writer id of this client's versions. */
    public NodeId id() {
        return id;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * A signed write of {@code key} against {@code current} (what the node holds) at wall time
     * {@code wallMillis}: its version is later than every head, and its claim is this owner's held
     * claim if there is one, else the write's own version (a first write).
     */
    public SignedWrite sign(UUID key, Optional<KeyState> current, long wallMillis, boolean tombstone, Sha256 hash,
                            long size, String contentType) {
        Hlc hlc = new Hlc(wallMillis, 0);
        if (current.isPresent()) {
            for (BlobRecord head : current.get().heads()) {
                if (head.version().hlc().compareTo(hlc) >= 0) {
                    Hlc h = head.version().hlc();
                    hlc = h.counter() < Hlc.MAX_COUNTER ? new Hlc(h.wallMillis(), h.counter() + 1) : new Hlc(h.wallMillis() + 1, 0);
                }
            }
        }
        Version version = new Version(hlc, id);
        Version since = current.flatMap(KeyState::claim)
                .filter(c -> c.owner().equals(id))
                .map(OwnerSignature::since)
                .orElse(version);
        CausalContext seen = current.map(KeyState::contextForNextWrite).orElse(CausalContext.EMPTY);
        return new SignedWrite(version, seen, signature(key, version, tombstone, hash, size, contentType, seen, since));
    }

    /** This owner's signature over a record's fields, with context {@code seen} and claim {@code since}. */
    public OwnerSignature signature(UUID key, Version version, boolean tombstone, Sha256 hash, long size,
                                    String contentType, CausalContext seen, Version since) {
        return OwnerSignature.sign(keys.getPrivate(), publicKey, key, version, tombstone, hash, size, contentType, seen,
                since);
    }
}
