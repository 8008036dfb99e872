package org.gossipcdn.core.version;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.gossipcdn.core.identity.NodeId;
import org.gossipcdn.core.time.Hlc;

/**
 * The metadata of one write: key, version, whether it deletes, and the content it points at
 * (SHA-256, size, content type). Bytes travel and are stored separately, addressed by hash.
 *
 * <p>{@link #ORDER} is total over every field, so any two distinct records compare unequal:
 * version first (the last-writer-wins rule), then content hash as the deterministic tie-break,
 * then the remaining fields, which differ only for forged or corrupt input.
 *
 * @param seen what the writer had seen of this key; see {@link CausalContext}
 * @param owner the owner's signature, or {@link OwnerSignature#NONE} for an unsigned record
 */
public record BlobRecord(UUID key, Version version, boolean tombstone, Sha256 contentHash,
                         long size, String contentType, CausalContext seen, OwnerSignature owner) {

    /** The total order on records; the greatest record of a key is its winner. */
    public static final Comparator<BlobRecord> ORDER = Comparator
            .comparing(BlobRecord::version)
            .thenComparing(BlobRecord::contentHash)
            .thenComparing(BlobRecord::tombstone)
            .thenComparingLong(BlobRecord::size)
            .thenComparing(BlobRecord::contentType)
            .thenComparing(r -> r.seen().toString())
            .thenComparing(BlobRecord::owner);

    public static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    public static final int MAX_CONTENT_TYPE_LENGTH = 255;

    public BlobRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(owner, "owner");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        if (tombstone && (size != 0 || !contentHash.equals(Sha256.EMPTY))) {
            throw new IllegalArgumentException("a tombstone has no content, was size " + size);
        }
        if (contentType.isEmpty() || contentType.length() > MAX_CONTENT_TYPE_LENGTH) {
            throw new IllegalArgumentException("contentType must be 1.." + MAX_CONTENT_TYPE_LENGTH
                    + " characters, was " + contentType.length());
        }
    }

    /** An unsigned record. */
    public BlobRecord(UUID key, Version version, boolean tombstone, Sha256 contentHash, long size, String contentType,
                      CausalContext seen) {
        this(key, version, tombstone, contentHash, size, contentType, seen, OwnerSignature.NONE);
    }

    public static BlobRecord tombstone(UUID key, Version version, CausalContext seen) {
        return new BlobRecord(key, version, true, Sha256.EMPTY, 0, DEFAULT_CONTENT_TYPE, seen);
    }

    /** This record carrying {@code signature}. */
    public BlobRecord signed(OwnerSignature signature) {
        return new BlobRecord(key, version, tombstone, contentHash, size, contentType, seen, signature);
    }

    public boolean isSigned() {
        return owner.isPresent();
    }

    /**
     * True if this record's writer had seen {@code other} (so this one overwrote it knowingly). A
     * signed record is replaced only by a record of the same owner and claim: no other writer can
     * knock it out by claiming to have seen it.
     */
    public boolean dominates(BlobRecord other) {
        return !version.equals(other.version) && seen.covers(other.version)
                && (!other.isSigned() || owner.sameClaim(other.owner));
    }

    /**
     * Why this record cannot have been written by an honest writer, if it cannot: a writer stamps
     * its version after observing everything in its causal context, so every context entry lies
     * strictly below the version's HLC; and an owner's claim starts at or before each of its writes.
     * Records with a problem are refused where they enter a replica (they would let a forger make a
     * record dominate itself, or empty a key's head set). See proposals/0001-versions-and-conflicts.md.
     */
    public Optional<String> problem() {
        for (Map.Entry<NodeId, Hlc> e : seen.entries().entrySet()) {
            if (e.getValue().compareTo(version.hlc()) >= 0) {
                return Optional.of("its causal context claims to have seen " + e.getValue() + "@" + e.getKey()
                        + ", not before its own version " + version);
            }
        }
        if (owner.isPresent() && owner.since().compareTo(version) > 0) {
            return Optional.of("its owner claim starts at " + owner.since() + ", after its own version " + version);
        }
        return Optional.empty();
    }

    /** True if fetching this record's content is needed before it can be committed. */
    public boolean hasContent() {
        return !tombstone && size > 0;
    }
}
