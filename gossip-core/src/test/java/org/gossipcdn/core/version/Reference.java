package org.gossipcdn.core.version;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.gossipcdn.core.time.Hlc;

/**
 * The merge rule of proposals 0001 and 0010 written again from their text, as a brute-force model
 * that shares no code with {@link KeyState}, {@link BlobRecord#ORDER}, {@link BlobRecord#dominates}
 * or the {@code compareTo} methods: orders are tuples compared field by field, dominance is read
 * off the context's entries, heads are found by checking every pair.
 */
final class Reference {

    private Reference() {
    }

    /** The LWW order on distinct writes: wall, counter, writer id (unsigned 128-bit), content hash (as hex). */
    static int order(BlobRecord x, BlobRecord y) {
        int c = compareHlc(x.version().hlc(), y.version().hlc());
        if (c == 0) {
            c = Long.compareUnsigned(x.version().node().high(), y.version().node().high());
        }
        if (c == 0) {
            c = Long.compareUnsigned(x.version().node().low(), y.version().node().low());
        }
        if (c == 0) {
            c = x.contentHash().toString().compareTo(y.contentHash().toString());
        }
        return Integer.signum(c);
    }

    static int compareHlc(Hlc x, Hlc y) {
        if (x.wallMillis() != y.wallMillis()) {
            return x.wallMillis() < y.wallMillis() ? -1 : 1;
        }
        return Integer.compare(x.counter(), y.counter());
    }

    /** {@code o}'s writer had seen {@code r} (an entry for r's writer at or after r's HLC) and may replace it. */
    static boolean overwrote(BlobRecord o, BlobRecord r) {
        if (o.version().equals(r.version())) {
            return false;
        }
        Hlc seen = o.seen().entries().get(r.version().node());
        boolean saw = seen != null && compareHlc(seen, r.version().hlc()) >= 0;
        boolean mayReplace = !r.owner().isPresent() || o.owner().isPresent()
                && Arrays.equals(o.owner().publicKey(), r.owner().publicKey()) && o.owner().since().equals(r.owner().since());
        return saw && mayReplace;
    }

    /**
     * The claim of an owned key (proposal 0010): the least (since, then public key bytes) among the
     * signed records; null if none is signed. Versions compare as (wall, counter, writer id).
     */
    static OwnerSignature claim(Collection<BlobRecord> records) {
        OwnerSignature least = null;
        for (BlobRecord r : records) {
            if (r.owner().isPresent() && (least == null || claimBefore(r.owner(), least))) {
                least = r.owner();
            }
        }
        return least;
    }

    private static boolean claimBefore(OwnerSignature x, OwnerSignature y) {
        Version a = x.since();
        Version b = y.since();
        int c = compareHlc(a.hlc(), b.hlc());
        if (c == 0) {
            c = Long.compareUnsigned(a.node().high(), b.node().high());
        }
        if (c == 0) {
            c = Long.compareUnsigned(a.node().low(), b.node().low());
        }
        if (c == 0) {
            c = Arrays.compare(x.publicKey(), y.publicKey());
        }
        return c < 0;
    }

    /**
     * {@code top_K(keep_claim(nondominated(union)))}: the records of one key that none of them
     * overwrote, of an owned key only those signed with its claim, greatest first, the K greatest.
     */
    static List<BlobRecord> heads(Collection<BlobRecord> union, int k) {
        OwnerSignature claim = claim(union);
        List<BlobRecord> heads = new ArrayList<>();
        for (BlobRecord r : union) {
            if (heads.contains(r)) {
                continue;
            }
            if (claim != null && !(r.owner().isPresent() && Arrays.equals(r.owner().publicKey(), claim.publicKey())
                    && r.owner().since().equals(claim.since()))) {
                continue;
            }
            boolean overwritten = false;
            for (BlobRecord o : union) {
                overwritten |= overwrote(o, r);
            }
            if (!overwritten) {
                heads.add(r);
            }
        }
        heads.sort((x, y) -> order(y, x));
        return heads.size() > k ? new ArrayList<>(heads.subList(0, k)) : heads;
    }
}
